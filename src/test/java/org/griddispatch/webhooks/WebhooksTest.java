package org.griddispatch.webhooks;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/** Webhooks end to end: subscriptions, the outbox written with each event, signed ordered deliveries, retries, failover. */
@ExtendWith(VertxExtension.class)
class WebhooksTest {
  static final String SECRET = "a-test-secret-of-some-length";
  /** Fast retries and a short lease, so that failures and node loss play out within a test's patience. */
  static final JsonObject FAST = new JsonObject().put("webhooks", new JsonObject().put("pollMillis", 100)
      .put("backoffMillis", 100).put("maxBackoffMillis", 400).put("maxAttempts", 4).put("timeoutMillis", 1500)
      .put("leaseMillis", 2500));

  static Vertx vertx;
  static Server node;
  static Api api;
  static Db db;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    node = TestNode.start(TestData.directory("webhooks-"), FAST.copy());
    api = new Api(vertx, node.port());
    db = new Db(vertx, node.pgUri());
  }

  @AfterAll
  static void stop() {
    db.close();
    node.stop();
    vertx.close().await();
  }

  static String subscribe(Api api, String url, JsonArray events, String accountId) {
    JsonObject body = new JsonObject().put("url", url).put("events", events).put("secret", SECRET);
    if (accountId != null) body.put("accountId", accountId);
    Api.Response r = api.post("/api/v1/admin/webhooks", api.login("admin"), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().getString("id");
  }

  static String file(Api api, String phone, String grid) {
    JsonObject p = Points.of(grid);
    return api.file(phone, Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾 " + phone)).getString("id");
  }

  static void await(BooleanSupplier done, int seconds) {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (!done.getAsBoolean() && System.currentTimeMillis() < deadline) vertx.timer(100).await();
  }

  /** Every accepted delivery was signed, came once, and a ticket's came in seq order. */
  static void assertOnceSignedInOrder(Receiver r) {
    Set<String> ids = new HashSet<>();
    java.util.Map<String, Integer> lastSeq = new java.util.HashMap<>();
    for (Receiver.Got g : r.got) assertThat(g.signed()).as("signature of " + g.deliveryId()).isTrue();
    for (Receiver.Got g : r.accepted()) {
      assertThat(g.deliveryId()).isEqualTo(g.body().getString("deliveryId"));
      assertThat(ids.add(g.deliveryId())).as("delivered once: " + g.deliveryId()).isTrue();
      Integer before = lastSeq.put(g.ticketId(), g.seq());
      if (before != null) assertThat(g.seq()).as("seq order of " + g.ticketId()).isGreaterThan(before);
    }
  }

  @Test
  void everyEventOfTheAccountsTicketsArrivesSignedAndInOrder() {
    String mine = api.resident("13800000101");
    String other = api.resident("13800000102");
    try (Receiver r = new Receiver(vertx, SECRET)) {
      String hook = subscribe(api, r.url(), new JsonArray().add("*"), api.userId(mine));
      String ticket = file(api, "13800000101", "jgm-01");
      String theirs = file(api, "13800000102", "jgm-01");
      for (int i = 0; i < 4; i++) {
        assertThat(api.act(ticket, "comment", mine, new JsonObject().put("text", "催一下 " + i)).status()).isEqualTo(200);
      }
      assertThat(api.act(theirs, "comment", other, new JsonObject().put("text", "not theirs")).status()).isEqualTo(200);
      long events = db.count("SELECT count(*) FROM ticket_events WHERE ticket_id = $1::uuid", ticket);
      await(() -> r.accepted().size() >= events, 20);
      vertx.timer(500).await(); // nothing more comes

      assertThat(r.accepted()).hasSize((int) events);
      assertThat(r.accepted()).allMatch(g -> g.ticketId().equals(ticket)); // only the account's own ticket
      assertThat(r.accepted().stream().map(Receiver.Got::seq).toList())
          .isEqualTo(java.util.stream.IntStream.rangeClosed(1, (int) events).boxed().toList());
      assertOnceSignedInOrder(r);
      Receiver.Got first = r.accepted().get(0);
      assertThat(first.body().getJsonObject("event").getString("type")).isEqualTo("created");
      assertThat(first.body().getJsonObject("ticket").getJsonObject("contact").getString("phone")).contains("*");
      JsonObject listing = api.get("/api/v1/admin/webhooks/" + hook + "/deliveries?status=sent", api.login("admin")).json();
      assertThat(listing.getJsonArray("items")).hasSize((int) events);
      assertThat(listing.getJsonArray("items").getJsonObject(0).getInteger("lastStatus")).isEqualTo(200);

      // the same listing two at a time: every delivery once, the last page without a cursor
      String admin = api.login("admin");
      List<String> paged = new java.util.ArrayList<>();
      String cursor = null;
      do {
        JsonObject page = api.get("/api/v1/admin/webhooks/" + hook + "/deliveries?status=sent&limit=2"
            + (cursor == null ? "" : "&cursor=" + cursor), admin).json();
        assertThat(page.getJsonArray("items").size()).isLessThanOrEqualTo(2);
        page.getJsonArray("items").forEach(o -> paged.add(((JsonObject) o).getString("deliveryId")));
        cursor = page.getString("nextCursor");
      } while (cursor != null);
      assertThat(paged).doesNotHaveDuplicates().hasSize((int) events)
          .containsExactlyInAnyOrderElementsOf(listing.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("deliveryId")).toList());
      for (String bad : List.of("nonsense", "MTIzOmFiYw")) { // not base64 of ours; "123:abc", a key that is no delivery id
        Api.Response refused = api.get("/api/v1/admin/webhooks/" + hook + "/deliveries?cursor=" + bad, admin);
        assertThat(refused.status()).as(bad).isEqualTo(400);
        assertThat(refused.json().getJsonObject("error").getJsonObject("fields").containsKey("cursor")).isTrue();
      }
    }
  }

  /**
   * The 回单: a resolution's delivery carries the note and the ticket's photos as links signed for that
   * subscription; a link fetches the photo without an account until it expires, and not once it is
   * altered, expired or its subscription deleted.
   */
  @Test
  void aResolutionIsDeliveredWithItsNoteAndSignedPhotoLinks() {
    String mine = api.resident("13800000106");
    try (Receiver r = new Receiver(vertx, SECRET)) {
      String hook = subscribe(api, r.url(), new JsonArray().add("resolved"), api.userId(mine));
      String ticket = file(api, "13800000106", "yhq-01");
      byte[] png = org.griddispatch.support.Images.image("png", 40);
      var client = io.vertx.ext.web.client.WebClient.create(vertx,
          new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port()));
      var uploaded = client.post("/api/v1/tickets/" + ticket + "/attachments").putHeader("Authorization", "Bearer " + mine)
          .sendMultipartForm(io.vertx.ext.web.multipart.MultipartForm.create()
              .binaryFileUpload("file", "bin.png", io.vertx.core.buffer.Buffer.buffer(png), "image/png")).await();
      assertThat(uploaded.statusCode()).as(uploaded.bodyAsString()).isEqualTo(201);
      String worker = api.login("worker-yhq-01");
      assertThat(api.act(ticket, "accept", worker, null).status()).isEqualTo(200);
      assertThat(api.act(ticket, "resolve", worker, new JsonObject().put("note", "垃圾已清运")).status()).isEqualTo(200);
      await(() -> r.accepted().size() == 1, 20);
      JsonObject resolution = r.accepted().get(0).body().getJsonObject("resolution");
      assertThat(resolution.getString("note")).isEqualTo("垃圾已清运");
      JsonObject photo = resolution.getJsonArray("photos").getJsonObject(0);
      assertThat(photo.getString("contentType")).isEqualTo("image/png");
      String link = java.net.URI.create(photo.getString("url")).getRawPath() + "?" + java.net.URI.create(photo.getString("url")).getRawQuery();
      assertThat(link).startsWith("/webhook-photos/" + hook + "/" + photo.getString("id"));

      // the link is the credential: no account needed
      var fetched = client.get(link).send().await();
      assertThat(fetched.statusCode()).isEqualTo(200);
      assertThat(fetched.getHeader("Content-Type")).isEqualTo("image/png");
      assertThat(fetched.body().getBytes()).isEqualTo(png);
      // altered, expired, or for another photo: refused
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("expires=(\\d+)&signature=([0-9a-f]+)").matcher(link);
      assertThat(m.find()).isTrue();
      long expires = Long.parseLong(m.group(1));
      String base = "/webhook-photos/" + hook + "/" + photo.getString("id");
      assertThat(client.get(base + "?expires=" + (expires + 1) + "&signature=" + m.group(2)).send().await().statusCode()).isEqualTo(403);
      assertThat(client.get(base + "?expires=" + expires + "&signature=" + "0".repeat(64)).send().await().statusCode()).isEqualTo(403);
      assertThat(client.get(base + "?signature=" + m.group(2)).send().await().statusCode()).isEqualTo(403);
      long past = java.time.Instant.now().getEpochSecond() - 60;
      var expired = client.get(base + "?expires=" + past + "&signature="
          + PhotoLinks.signature(SECRET, java.util.UUID.fromString(hook), java.util.UUID.fromString(photo.getString("id")), past)).send().await();
      assertThat(expired.statusCode()).isEqualTo(403);
      assertThat(new JsonObject(expired.bodyAsString()).getJsonObject("error").getString("code")).isEqualTo("link_expired");
      // the subscription deleted: its links end with it
      assertThat(api.call(HttpMethod.DELETE, "/api/v1/admin/webhooks/" + hook, api.login("admin"), null, null).status()).isEqualTo(204);
      assertThat(client.get(link).send().await().statusCode()).isEqualTo(404);
    }
  }

  @Test
  void aReceiverFailingForAWhileGetsEverythingOnceWhenItRecovers() {
    String mine = api.resident("13800000103");
    try (Receiver r = new Receiver(vertx, SECRET)) {
      r.failFirst = 3;
      String hook = subscribe(api, r.url(), new JsonArray().add("commented"), api.userId(mine));
      String a = file(api, "13800000103", "sgj-02");
      String b = file(api, "13800000103", "dxm-03");
      for (int i = 0; i < 3; i++) {
        api.act(a, "comment", mine, new JsonObject().put("text", "a" + i));
        api.act(b, "comment", mine, new JsonObject().put("text", "b" + i));
      }
      await(() -> r.accepted().size() >= 6, 30);
      vertx.timer(500).await();

      assertThat(r.accepted()).hasSize(6).allMatch(g -> g.body().getJsonObject("event").getString("type").equals("commented"));
      assertThat(r.got.size()).isGreaterThanOrEqualTo(9); // the three refused ones came again
      assertOnceSignedInOrder(r);
      JsonArray items = api.get("/api/v1/admin/webhooks/" + hook + "/deliveries", api.login("admin")).json().getJsonArray("items");
      assertThat(items).hasSize(6);
      assertThat(items.stream().map(o -> ((JsonObject) o).getString("status")).distinct().toList()).containsExactly("sent");
      assertThat(items.stream().mapToInt(o -> ((JsonObject) o).getInteger("attempts")).sum()).isGreaterThan(6);
    }
  }

  @Test
  void aDeadLetteredDeliveryGoesAgainWhenRetriedByHand() {
    String mine = api.resident("13800000104");
    try (Receiver r = new Receiver(vertx, SECRET)) {
      r.failFirst = Integer.MAX_VALUE;
      String hook = subscribe(api, r.url() + "?key=receiver-token", new JsonArray().add("commented"), api.userId(mine));
      String ticket = file(api, "13800000104", "wls-04");
      api.act(ticket, "comment", mine, new JsonObject().put("text", "x"));
      String admin = api.login("admin");
      String failedPath = "/api/v1/admin/webhooks/" + hook + "/deliveries?status=failed";
      await(() -> !api.get(failedPath, admin).json().getJsonArray("items").isEmpty(), 20);
      JsonObject dead = api.get(failedPath, admin).json().getJsonArray("items").getJsonObject(0);
      assertThat(dead.getInteger("attempts")).isEqualTo(4);
      assertThat(dead.getInteger("lastStatus")).isEqualTo(500);
      assertThat(r.got).hasSize(4);

      // the centre sees it failed for good, by the receiver's address without its query
      JsonObject health = api.get("/api/v1/admin/webhooks/health", api.login("dispatcher")).json();
      JsonObject mineHealth = health.getJsonArray("items").stream().map(o -> (JsonObject) o)
          .filter(h -> hook.equals(h.getString("webhookId"))).findFirst().orElseThrow();
      assertThat(mineHealth.getLong("failed")).isEqualTo(1);
      assertThat(mineHealth.getLong("pending")).isZero();
      assertThat(mineHealth.getString("endpoint")).isEqualTo(r.url());
      assertThat(health.encode()).doesNotContain("receiver-token");
      assertThat(health.getLong("failed")).isGreaterThanOrEqualTo(1);
      assertThat(api.get("/api/v1/admin/webhooks/health", api.login("supervisor")).status()).isEqualTo(200);
      assertThat(api.get("/api/v1/admin/webhooks/health", api.login("worker-jgm-01")).status()).isEqualTo(403);
      assertThat(api.get("/api/v1/admin/webhooks/health", mine).status()).isEqualTo(403);

      r.failFirst = 0;
      String retry = "/api/v1/admin/webhooks/" + hook + "/deliveries/" + dead.getString("deliveryId") + "/retry";
      // the centre lists what failed for good and sends it again; a supervisor watches, a worker neither
      JsonArray seen = api.get(failedPath, api.login("dispatcher")).json().getJsonArray("items");
      assertThat(seen).hasSize(1);
      assertThat(seen.getJsonObject(0).getString("ticketNumber")).startsWith("CX");
      assertThat(api.get(failedPath, api.login("supervisor")).status()).isEqualTo(200);
      assertThat(api.get(failedPath, api.login("worker-jgm-01")).status()).isEqualTo(403);
      assertThat(api.post(retry, api.login("supervisor"), new JsonObject()).status()).isEqualTo(403);
      assertThat(api.post(retry, api.login("worker-jgm-01"), new JsonObject()).status()).isEqualTo(403);
      assertThat(db.count("SELECT count(*) FROM webhook_deliveries WHERE webhook_id = $1::uuid AND status = 'failed'", hook)).isEqualTo(1);
      Api.Response again = api.post(retry, api.login("dispatcher"), new JsonObject());
      assertThat(again.status()).as(again.toString()).isEqualTo(200);
      assertThat(again.json().getString("status")).isEqualTo("pending");
      await(() -> r.accepted().size() == 1, 20);
      assertThat(r.accepted()).hasSize(1);
      await(() -> api.post(retry, admin, new JsonObject()).status() == 409, 5); // only a failed one is retried
      assertThat(api.post(retry, admin, new JsonObject()).status()).isEqualTo(409);
      assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'webhook.retry' AND target = $1", "webhook:" + hook))
          .isEqualTo(1);
    }
  }

  @Test
  void badInputAndWrongRolesChangeNothing() {
    String admin = api.login("admin");
    String url = "http://127.0.0.1:9/hook";
    JsonObject good = new JsonObject().put("url", url).put("events", new JsonArray().add("resolved")).put("secret", SECRET);
    long before = db.count("SELECT count(*) FROM webhooks");
    List<JsonObject> bad = List.of(
        good.copy().put("url", "ftp://example.org/x"),
        good.copy().put("url", "not a url"),
        good.copy().put("url", "http://user:pw@example.org/x"),
        good.copy().put("events", new JsonArray().add("exploded")),
        good.copy().put("events", new JsonArray().add("*").add("resolved")),
        good.copy().put("events", new JsonArray()),
        good.copy().put("events", "resolved"),
        good.copy().put("secret", "short"),
        good.copy().put("secret", " padded-secret-of-length "),
        good.copy().put("accountId", "nobody-such"),
        good.copy().put("accountId", 7),
        new JsonObject());
    for (JsonObject body : bad) {
      Api.Response r = api.post("/api/v1/admin/webhooks", admin, body);
      assertThat(r.status()).as(body.encode()).isEqualTo(400);
      assertThat(r.json().getJsonObject("error").getJsonObject("fields")).as(body.encode()).isNotEmpty();
    }
    assertThat(api.post("/api/v1/admin/webhooks", admin, "{not json").status()).isEqualTo(400);
    for (String who : List.of("dispatcher", "supervisor")) {
      String token = api.login(who);
      assertThat(api.post("/api/v1/admin/webhooks", token, good).status()).isEqualTo(403);
      assertThat(api.get("/api/v1/admin/webhooks", token).status()).isEqualTo(403);
    }
    assertThat(api.post("/api/v1/admin/webhooks", api.resident("13800000105"), good).status()).isEqualTo(403);
    assertThat(db.count("SELECT count(*) FROM webhooks")).isEqualTo(before);

    String id = subscribe(api, url, new JsonArray().add("resolved"), null);
    JsonArray listed = api.get("/api/v1/admin/webhooks", admin).json().getJsonArray("items");
    assertThat(listed.encode()).contains(id).doesNotContain(SECRET);
    assertThat(api.get("/api/v1/admin/webhooks/" + id + "/deliveries?status=lost", admin).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/admin/webhooks/nope/deliveries", admin).status()).isEqualTo(404);
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/admin/webhooks/" + id, api.login("dispatcher"), null, null).status())
        .isEqualTo(403);
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/admin/webhooks/" + id, admin, null, null).status()).isEqualTo(204);
    assertThat(api.call(HttpMethod.DELETE, "/api/v1/admin/webhooks/" + id, admin, null, null).status()).isEqualTo(404);
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE target = $1 AND action IN ('webhook.create', 'webhook.delete')"
        + " AND NOT (coalesce(before::text, '') || coalesce(after::text, '')) LIKE '%' || $2 || '%'", "webhook:" + id, SECRET))
        .isEqualTo(2);
  }

  @Test
  void anotherNodeDeliversWhatAStoppedNodeLeftPending() throws Exception {
    EmbeddedDatabase shared = EmbeddedDatabase.start(TestData.directory("webhooks-failover-db-"), 0);
    Server doomed = null;
    Server survivor = null;
    try (Db check = new Db(vertx, shared.uri()); Receiver r = new Receiver(vertx, SECRET)) {
      JsonObject conf = FAST.copy().put("pgUri", shared.uri());
      doomed = TestNode.start(TestData.directory("webhooks-doomed-"), conf.copy().put("nodeId", "doomed"));
      Api first = new Api(vertx, doomed.port());
      r.hang = true; // the doomed node's first delivery stays in flight
      subscribe(first, r.url(), new JsonArray().add("*"), null);
      String ticket = file(first, "13800000106", "bts-01");
      String resident = first.resident("13800000106");
      for (int i = 0; i < 3; i++) first.act(ticket, "comment", resident, new JsonObject().put("text", "c" + i));
      long events = check.count("SELECT count(*) FROM ticket_events WHERE ticket_id = $1::uuid", ticket);
      assertThat(check.awaitCount(vertx, 1, 10,
          "SELECT count(*) FROM webhook_deliveries WHERE claimed_by = 'doomed' AND leased_until IS NOT NULL")).isEqualTo(1);

      survivor = TestNode.start(TestData.directory("webhooks-survivor-"), conf.copy().put("nodeId", "survivor"));
      doomed.stop();
      doomed = null;
      r.hang = false;
      await(() -> r.accepted().size() >= events, 30);
      vertx.timer(500).await();

      assertThat(r.accepted()).hasSize((int) events);
      assertOnceSignedInOrder(r);
      assertThat(check.count("SELECT count(*) FROM webhook_deliveries WHERE status = 'sent' AND claimed_by = 'survivor'"))
          .isEqualTo(events);
    } finally {
      if (survivor != null) survivor.stop();
      if (doomed != null) doomed.stop();
      shared.close();
    }
  }
}
