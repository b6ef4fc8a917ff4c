package org.griddispatch.notify;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestClock;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Messages to people through an SMS gateway's HTTP interface (a real local server), on a node whose
 * clock the test moves through a day in Shanghai: the gateway gets the whole number, the Chinese
 * text and a bearer token; a gateway that answers 500 gets the message again later; what can wait
 * is held through the night and sent at seven, what is urgent goes at once; a number gets at most
 * its hourly share; the same message is not sent twice within minutes; the supervisors hear of 督办.
 */
@ExtendWith(VertxExtension.class)
class NotificationPacingTest {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final TestClock clock = new TestClock();
  static final List<JsonObject> received = new CopyOnWriteArrayList<>();
  static final List<String> authorizations = new CopyOnWriteArrayList<>();
  /** The gateway refuses the next message to this number once (500). */
  static final java.util.concurrent.atomic.AtomicReference<String> refuseOnce = new java.util.concurrent.atomic.AtomicReference<>();
  static HttpServer gateway;
  static Server node;
  static Api api;
  static Db db;
  static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    gateway = v.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      String to = b.toJsonObject().getString("to");
      String refused = refuseOnce.get();
      if (to != null && to.equals(refused) && refuseOnce.compareAndSet(refused, null)) { // (compared by reference)
        req.response().setStatusCode(500).end();
        return;
      }
      authorizations.add(String.valueOf(req.getHeader("Authorization")));
      received.add(b.toJsonObject());
      req.response().setStatusCode(202).end();
    })).listen(0, "127.0.0.1").await();
    setLocal(LocalTime.of(10, 0)); // a morning in Shanghai
    node = TestNode.start(TestData.directory("dispatch-notify-"), new JsonObject().put("notify", new JsonObject()
        .put("pollMillis", 100).put("backoffMillis", 5000).put("sender", "http")
        .put("http", new JsonObject().put("url", "http://127.0.0.1:" + gateway.actualPort() + "/sms").put("token", "gateway-token"))
        .put("quietHours", new JsonObject().put("from", "22:00").put("to", "07:00"))
        .put("perRecipientPerHour", 2).put("dedupeMinutes", 10)), clock);
    api = new Api(v, node.port());
    db = new Db(v, node.pgUri());
  }

  @AfterAll
  static void stop() {
    db.close();
    node.stop();
    gateway.close().await();
  }

  /** Moves the node's clock to the next {@code at} in Shanghai, at least a minute ahead. */
  static void setLocal(LocalTime at) {
    Instant now = clock.instant();
    var target = LocalDate.ofInstant(now, SHANGHAI).atTime(at).atZone(SHANGHAI).toInstant();
    while (!target.isAfter(now.plusSeconds(60))) target = target.plus(Duration.ofDays(1));
    clock.advance(Duration.between(now, target));
  }

  static void await(BooleanSupplier done) {
    long until = System.currentTimeMillis() + 20_000;
    while (!done.getAsBoolean() && System.currentTimeMillis() < until) vertx.timer(100).await();
    assertThat(done.getAsBoolean()).as("within 20 s").isTrue();
  }

  static List<JsonObject> to(String phone, String template) {
    return received.stream().filter(m -> phone.equals(m.getString("to")) && template.equals(m.getString("template"))).toList();
  }

  static JsonObject outbox(String ticketId, String template) {
    return api.get("/api/v1/admin/notifications?ticketId=" + ticketId, api.login("dispatcher")).json().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(n -> template.equals(n.getString("template"))).findFirst().orElseThrow();
  }

  static String file(String phone, String category, String grid) {
    JsonObject p = Points.of(grid);
    return api.file(phone, Api.report(category, p.getDouble("lat"), p.getDouble("lon"), "楼下 " + category)).getString("id");
  }

  static String worker(String ticketId) {
    return api.login(api.usernameOf(api.get("/api/v1/tickets/" + ticketId, api.login("dispatcher")).json().getString("assigneeId")));
  }

  @Test
  void aDayOfMessagesThroughTheGateway() {
    // morning: the resident hears their ticket was accepted, in Chinese, by the whole number; the gateway's 500 is tried again
    String phone = "13800000901";
    String ticket = file(phone, "garbage", "sgj-01");
    refuseOnce.set(phone);
    assertThat(api.act(ticket, "accept", worker(ticket), null).status()).isEqualTo(200);
    clock.advance(Duration.ofSeconds(6)); // past the first backoff
    await(() -> to(phone, "ticket_accepted").size() == 1);
    JsonObject accepted = to(phone, "ticket_accepted").get(0);
    String number = api.get("/api/v1/tickets/" + ticket, api.login("dispatcher")).json().getString("number");
    assertThat(accepted.getString("text")).contains(number).contains("受理").doesNotContain("{");
    assertThat(accepted.getString("channel")).isEqualTo("sms");
    assertThat(authorizations).allMatch("Bearer gateway-token"::equals);
    JsonObject listed = outbox(ticket, "ticket_accepted");
    assertThat(listed.getString("status")).isEqualTo("sent");
    assertThat(listed.getInteger("attempts")).as(listed.encode()).isEqualTo(2);
    assertThat(listed.getString("to")).contains("*").doesNotContain("0000090");

    // night: the resolution waits for seven in the morning; an urgent ticket's message goes at once
    setLocal(LocalTime.of(23, 0));
    assertThat(api.act(ticket, "resolve", worker(ticket), new JsonObject().put("note", "已清运")).status()).isEqualTo(200);
    String leak = file("13800000902", "gas_leak", "sgj-02");
    assertThat(api.act(leak, "accept", worker(leak), null).status()).isEqualTo(200);
    await(() -> to("13800000902", "ticket_accepted").size() == 1);
    await(() -> "held: quiet hours".equals(outbox(ticket, "ticket_resolved").getString("note")));
    assertThat(to(phone, "ticket_resolved")).isEmpty();
    assertThat(outbox(ticket, "ticket_resolved").getString("status")).isEqualTo("pending");
    setLocal(LocalTime.of(7, 1));
    await(() -> to(phone, "ticket_resolved").size() == 1);
    assertThat(to(phone, "ticket_resolved").get(0).getString("text")).contains("评价");
  }

  @Test
  void aNumberGetsItsHourlyShareAndNoRepeatAndSupervisorsHearOfTheLadder() {
    setLocal(LocalTime.of(14, 0));
    // one resident, three tickets accepted within the hour: two go, the third waits for the hour to pass
    String phone = "13800000903";
    List<String> tickets = List.of(file(phone, "streetlight", "wls-01"), file(phone, "noise", "wls-02"), file(phone, "garbage", "wls-03"));
    for (String t : tickets) {
      assertThat(api.act(t, "accept", worker(t), null).status()).isEqualTo(200);
      clock.advance(Duration.ofMinutes(1));
    }
    await(() -> received.stream().filter(m -> phone.equals(m.getString("to"))).count() == 2);
    await(() -> "held: hourly limit".equals(outbox(tickets.get(2), "ticket_accepted").getString("note")));
    clock.advance(Duration.ofMinutes(61));
    await(() -> received.stream().filter(m -> phone.equals(m.getString("to"))).count() == 3);

    // resolved, reopened and resolved again within minutes: the second "please rate" is not sent again
    String again = tickets.get(0);
    String worker = worker(again);
    clock.advance(Duration.ofMinutes(61));
    assertThat(api.act(again, "resolve", worker, new JsonObject().put("note", "灯已修好")).status()).isEqualTo(200);
    await(() -> to(phone, "ticket_resolved").size() == 1);
    assertThat(api.act(again, "reopen", api.resident(phone), new JsonObject().put("reason", "又不亮了")).status()).isEqualTo(200);
    assertThat(api.act(again, "resolve", worker, new JsonObject().put("note", "换了灯泡")).status()).isEqualTo(200);
    await(() -> db.count("SELECT count(*) FROM notifications WHERE ticket_id = $1::uuid AND template = 'ticket_resolved'"
        + " AND status = 'skipped'", again) == 1);
    assertThat(to(phone, "ticket_resolved")).hasSize(1);

    // the ladder's 督办 step: the supervisor hears of it
    String late = file("13800000904", "garbage", "wls-04");
    clock.advance(Duration.ofDays(3));
    await(() -> !to("13600000003", "ticket_sla_supervised").isEmpty());
    assertThat(to("13600000003", "ticket_sla_supervised").get(0).getString("text")).contains("督办");
    assertThat(late).isNotNull();
  }

  /** A notice for a grid reaches, by message, the residents who reported from it, and no one else. */
  @Test
  void aNoticeForSomeGridsIsSentToTheResidentsWhoReportedFromThem() {
    setLocal(LocalTime.of(9, 0));
    file("13800000905", "water_outage", "bts-01");
    file("13800000906", "water_outage", "bts-02");
    String dispatcher = api.login("dispatcher");
    JsonObject notice = new JsonObject().put("title", "明日8:00-12:00停水检修").put("body", "博泰社区1号网格明日上午停水，请提前储水。")
        .put("gridIds", new io.vertx.core.json.JsonArray().add("bts-01"));
    // refused whole: an unknown grid, a grid worker; nothing stored, nobody told
    long notices = db.count("SELECT count(*) FROM announcements");
    Api.Response unknown = api.post("/api/v1/announcements", dispatcher, notice.copy().put("gridIds", new io.vertx.core.json.JsonArray().add("nowhere")));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getJsonObject("error").getJsonObject("fields").containsKey("gridIds")).isTrue();
    assertThat(api.post("/api/v1/announcements", api.login("worker-bts-01"), notice).status()).isEqualTo(403);
    assertThat(db.count("SELECT count(*) FROM announcements")).isEqualTo(notices);

    Api.Response posted = api.post("/api/v1/announcements", dispatcher, notice);
    assertThat(posted.status()).as(posted.toString()).isEqualTo(201);
    assertThat(posted.json().getInteger("messages")).isEqualTo(1);
    await(() -> to("13800000905", "area_notice").size() == 1);
    assertThat(to("13800000905", "area_notice").get(0).getString("text")).contains("明日8:00-12:00停水检修");
    assertThat(to("13800000906", "area_notice")).isEmpty();
    assertThat(db.count("SELECT count(*) FROM notifications WHERE template = 'area_notice' AND ticket_id IS NULL")).isEqualTo(1);
  }

  @Test
  void theOutboxRefusesAStatusItDoesNotKnowAndTheWrongRole() {
    assertThat(api.get("/api/v1/admin/notifications?status=skipped", api.login("dispatcher")).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/admin/notifications?status=lost", api.login("dispatcher")).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/admin/notifications", api.login("supervisor")).status()).isEqualTo(403);
  }
}
