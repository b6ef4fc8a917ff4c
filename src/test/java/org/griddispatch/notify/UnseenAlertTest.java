package org.griddispatch.notify;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestClock;
import org.griddispatch.support.TestNode;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * An urgent ticket its assignee has not seen within push.seenTimeoutSeconds (the default, 60 s, on a
 * node of its own whose clock the test moves) is alerted once: an unseen_alert event, the grid's
 * backup's feed (and sight of the ticket), and messages in the notification outbox, which the default
 * sender logs and marks sent. One that was seen is not alerted. The outbox is listed for admins and
 * dispatchers only. Grid jgm-04 (worker-jgm-04), with worker-jgm-03 as its backup.
 */
@ExtendWith(VertxExtension.class)
class UnseenAlertTest {
  private static final TestClock clock = new TestClock();
  private static final String RESIDENT = "13800000071";
  private static Server node;
  private static Api api;
  private static Db db;
  private static Vertx vertx;

  @BeforeAll
  static void start(Vertx v) throws Exception {
    vertx = v;
    // the default seen timeout: this node's push settings do not name one
    node = TestNode.start(TestData.directory("dispatch-unseen-"), new JsonObject()
        .put("push", new JsonObject().put("maxPendingFrames", 100).put("heartbeatMillis", 2000)), clock);
    api = new Api(v, node.port());
    db = new Db(v, node.pgUri());
    db.count("WITH b AS (INSERT INTO grid_backups (grid_id, user_id) SELECT 'jgm-04', id FROM users"
        + " WHERE username = 'worker-jgm-03' RETURNING 1) SELECT count(*) FROM b");
  }

  @AfterAll
  static void stop() {
    db.close();
    node.stop();
  }

  private static JsonObject gasLeak() {
    JsonObject p = Points.of("jgm-04");
    return api.file(RESIDENT, Api.report("gas_leak", p.getDouble("lat"), p.getDouble("lon"), "燃气味很重"));
  }

  private static long events(String ticketId, String type) {
    return db.count("SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND type = $2", UUID.fromString(ticketId), type);
  }

  private static JsonArray outbox(String ticketId, String token) {
    Api.Response r = api.get("/api/v1/admin/notifications?ticketId=" + ticketId, token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items");
  }

  @Test
  void anUrgentTicketNeverShownIsAlertedToTheBackupAndTheOutboxOnce() {
    String backupId = api.userId(api.login("worker-jgm-03"));
    try (Terminal backup = Terminal.connect(vertx, node.port(), api.login("worker-jgm-03"))) {
      backup.subscribe("me", null);
      JsonObject t = gasLeak();
      String id = t.getString("id");
      assertThat(t.getString("assigneeId")).isEqualTo(api.userId(api.login("worker-jgm-04")));
      // the backup cannot open another grid's ticket before it is alerted to them
      assertThat(api.get("/api/v1/tickets/" + id, api.login("worker-jgm-03")).status()).isEqualTo(404);

      clock.advance(Duration.ofSeconds(61));
      JsonObject alert = backup.next(f -> "event".equals(f.getString("op")) && id.equals(f.getString("ticketId"))
          && "unseen_alert".equals(f.getString("type")), 30);
      assertThat(alert.getJsonObject("actor").getString("role")).isEqualTo("system");
      assertThat(alert.getJsonObject("data").getJsonArray("backups").getJsonObject(0).getString("id")).isEqualTo(backupId);
      assertThat(alert.getJsonObject("ticket").getString("unseenAlertAt")).isNotNull();

      // the backup may open it now; the centre sees it marked
      assertThat(api.get("/api/v1/tickets/" + id, api.login("worker-jgm-03")).status()).isEqualTo(200);
      JsonObject seenByCentre = api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json();
      assertThat(seenByCentre.getString("unseenAlertAt")).isNotNull();
      assertThat(seenByCentre.getJsonArray("alertedIds")).contains(backupId);
      assertThat(seenByCentre.getJsonArray("seenBy")).isEmpty();
      assertThat(seenByCentre.getString("escalation")).isNull(); // an alert is not a step of the deadline ladder

      // the outbox: the assignee and the backup, numbers masked, written with the event
      String dispatcher = api.login("dispatcher");
      JsonArray items = outbox(id, dispatcher);
      assertThat(items).hasSize(2);
      for (Object o : items) {
        JsonObject n = (JsonObject) o;
        assertThat(n.getString("template")).isEqualTo("unseen_alert");
        assertThat(n.getString("channel")).isEqualTo("sms");
        assertThat(n.getString("to")).matches("1\\d\\d\\*{4}\\d{4}");
        assertThat(n.getString("ticketId")).isEqualTo(id);
      }
      // written for the alert's event (its seq); the row's own transaction id cannot tell more once the
      // sender has marked it sent, which on a busy machine may already have happened
      assertThat(db.count("SELECT count(*) FROM notifications n JOIN ticket_events e ON e.ticket_id = n.ticket_id AND e.seq = n.seq"
          + " WHERE n.ticket_id = $1 AND e.type = 'unseen_alert' AND n.template = 'unseen_alert'",
          UUID.fromString(id))).isEqualTo(2);
      // the default sender logs them and marks them sent
      assertThat(db.awaitCount(vertx, 2, 30, "SELECT count(*) FROM notifications WHERE ticket_id = $1 AND status = 'sent'",
          UUID.fromString(id))).isEqualTo(2);
      assertThat(outbox(id, api.login("admin")).stream().allMatch(n -> "sent".equals(((JsonObject) n).getString("status")))).isTrue();
      assertThat(api.get("/api/v1/admin/notifications?status=sent&ticketId=" + id, dispatcher).json().getJsonArray("items")).hasSize(2);
      assertThat(api.get("/api/v1/admin/notifications?status=pending&ticketId=" + id, dispatcher).json().getJsonArray("items")).isEmpty();

      // once: more time passes, no second alert
      clock.advance(Duration.ofSeconds(120));
      backup.quietFor(2500);
      assertThat(events(id, "unseen_alert")).isEqualTo(1);
      assertThat(outbox(id, dispatcher)).hasSize(2);
    }
  }

  @Test
  void aTicketItsAssigneeHasSeenIsNotAlerted() {
    JsonObject t = gasLeak();
    String id = t.getString("id");
    try (Terminal worker = Terminal.connect(vertx, node.port(), api.login("worker-jgm-04"));
         Terminal centre = Terminal.connect(vertx, node.port(), api.login("dispatcher"))) {
      centre.subscribe("ticket:" + id, null);
      worker.send(new JsonObject().put("op", "seen").put("ticketId", id));
      assertThat(worker.next(f -> "seen".equals(f.getString("op")), 10).getBoolean("first")).isTrue();
      clock.advance(Duration.ofSeconds(61));
      assertThat(centre.quietFor(2500)).noneMatch(f -> "unseen_alert".equals(f.getString("type")));
    }
    assertThat(events(id, "unseen_alert")).isZero();
    assertThat(outbox(id, api.login("dispatcher"))).isEmpty();
    JsonObject ticket = api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json();
    assertThat(ticket.getString("unseenAlertAt")).isNull();
    assertThat(ticket.getJsonArray("seenBy").getJsonObject(0).getString("name")).isEqualTo("刘芳");
  }

  @Test
  void theResidentIsToldWhenTheirTicketIsAcceptedAndResolved() {
    JsonObject t = gasLeak();
    String id = t.getString("id");
    String worker = api.login("worker-jgm-04");
    assertThat(api.act(id, "accept", worker, null).status()).isEqualTo(200);
    assertThat(api.act(id, "resolve", worker, new JsonObject().put("note", "已关阀修复")).status()).isEqualTo(200);
    JsonArray items = outbox(id, api.login("dispatcher"));
    assertThat(items.stream().map(n -> ((JsonObject) n).getString("template")).toList())
        .containsExactly("ticket_resolved", "ticket_accepted");
    assertThat(items.getJsonObject(0).getString("to")).isEqualTo("138****0071");
  }

  @Test
  void theOutboxIsForAdminsAndTheCentreAndBadFiltersAnswer400() {
    for (String user : new String[] {"worker-jgm-04", "supervisor", "dept-gas"}) {
      Api.Response r = api.get("/api/v1/admin/notifications", api.login(user));
      assertThat(r.status()).as(user).isEqualTo(403);
    }
    assertThat(api.get("/api/v1/admin/notifications", api.resident(RESIDENT)).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/admin/notifications", null).status()).isEqualTo(401);
    String admin = api.login("admin");
    assertThat(api.get("/api/v1/admin/notifications?status=lost", admin).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/admin/notifications?ticketId=nope", admin).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/admin/notifications?cursor=%%%", admin).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/admin/notifications?limit=0", admin).status()).isEqualTo(400);
    // paging: one at a time, newest first, nothing twice
    gasLeak();
    String first = api.get("/api/v1/admin/notifications?limit=1", admin).json().getString("nextCursor");
    JsonObject page = api.get("/api/v1/admin/notifications?limit=200", admin).json();
    if (page.getJsonArray("items").size() > 1) {
      assertThat(first).isNotNull();
      JsonObject second = api.get("/api/v1/admin/notifications?limit=1&cursor=" + first, admin).json();
      assertThat(second.getJsonArray("items").getJsonObject(0).getString("id"))
          .isEqualTo(page.getJsonArray("items").getJsonObject(1).getString("id"));
    }
  }
}
