package org.griddispatch.intake;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every channel files a ticket that lands in the right grid, and retries never make a second one. */
class IntakeTest extends NodeTest {



  @Test
  void residentReportLandsInTheGridOfItsPointWithItsWorkerAndDeadlines() {
    for (String gridId : List.of("jgm-03", "sgj-02", "dxm-04", "wls-01", "bts-03", "yhq-02")) {
      JsonObject p = Points.of(gridId);
      JsonObject t = api.file("13800000001", Api.report("gas_leak", p.getDouble("lat"), p.getDouble("lon"), "燃气味很重"));
      assertThat(t.getString("gridId")).as(gridId).isEqualTo(gridId);
      assertThat(t.getString("status")).isEqualTo("assigned");
      assertThat(t.getString("channel")).isEqualTo("miniapp");
      assertThat(t.getString("priority")).isEqualTo("urgent");
      assertThat(t.getString("number")).matches("CX-\\d{8}-\\d{6}");
      assertThat(t.getInteger("version")).isEqualTo(1);
      String workerId = t.getString("assigneeId");
      assertThat(db.count("SELECT count(*) FROM user_grids WHERE user_id = $1 AND grid_id = $2", workerId, gridId)).isEqualTo(1);
      // gas leak: respond within 15 minutes, resolve within 4 hours
      var created = java.time.OffsetDateTime.parse(t.getString("createdAt"));
      assertThat(java.time.OffsetDateTime.parse(t.getJsonObject("deadlines").getString("respondBy"))).isEqualTo(created.plusMinutes(15));
      assertThat(java.time.OffsetDateTime.parse(t.getJsonObject("deadlines").getString("resolveBy"))).isEqualTo(created.plusHours(4));
      JsonArray events = api.get("/api/v1/tickets/" + t.getString("id") + "/events", api.resident("13800000001")).array();
      assertThat(events.stream().map(e -> ((JsonObject) e).getString("type")).toList()).containsExactly("created", "assigned");
      assertThat(events.getJsonObject(1).getJsonObject("data").getString("assigneeId")).isEqualTo(workerId);
    }
  }

  @Test
  void numbersPastAMillionthTicketKeepEveryDigit() {
    // a city files a million tickets in weeks: the number's running part grows a seventh digit, never cut to six
    long before = db.count("SELECT last_value FROM ticket_number_seq");
    db.count("SELECT setval('ticket_number_seq', greatest(999998, last_value)) FROM ticket_number_seq");
    try {
      JsonObject p = Points.of("wls-01");
      Set<String> numbers = new HashSet<>();
      for (int i = 0; i < 3; i++) {
        JsonObject t = api.file("13800000001", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾满了"));
        assertThat(t.getString("number")).matches("[A-Z]+-\\d{8}-\\d{6,}");
        numbers.add(t.getString("number").substring(t.getString("number").lastIndexOf('-') + 1));
      }
      assertThat(numbers).hasSize(3).anyMatch(n -> n.length() >= 7);
    } finally {
      // the other tests' tickets go on with six digits: those numbers were never given out
      if (before < 999998) db.count("SELECT setval('ticket_number_seq', $1)", before);
    }
  }

  @Test
  void residentChannelIsAlwaysMiniapp() {
    JsonObject p = Points.of("jgm-02");
    JsonObject t = api.file("13800000002",
        Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾没人清").put("channel", "hotline12345"));
    assertThat(t.getString("channel")).isEqualTo("miniapp");
    assertThat(t.getString("priority")).isEqualTo("normal");
  }

  @Test
  void hotlineIntegrationFilesWithItsApiKey() {
    JsonObject p = Points.of("wls-02");
    Api.Response r = api.call(HttpMethod.POST, "/api/v1/tickets", null,
        Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), "路灯不亮").put("externalId", "HL-" + UUID.randomUUID())
            .put("contact", new JsonObject().put("name", "王先生").put("phone", "13912345678")),
        Map.of("X-Api-Key", "demo-hotline-key"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().getString("channel")).isEqualTo("hotline12345");
    assertThat(r.json().getString("gridId")).isEqualTo("wls-02");
    assertThat(r.json().getJsonObject("contact").getString("phone")).isEqualTo("13912345678");

    Api.Response badKey = api.call(HttpMethod.POST, "/api/v1/tickets", null,
        Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), "路灯不亮"), Map.of("X-Api-Key", "wrong"));
    assertThat(badKey.status()).isEqualTo(401);
  }

  @Test
  void dispatcherFilesAtTheWindow() {
    JsonObject p = Points.of("bts-04");
    Api.Response r = api.post("/api/v1/tickets", api.login("dispatcher"),
        Api.report("road_damage", p.getDouble("lat"), p.getDouble("lon"), "路面塌陷").put("address", "白塔路12号")
            .put("contact", new JsonObject().put("name", "李阿姨").put("phone", "13700001111")));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().getString("channel")).isEqualTo("window");
    assertThat(r.json().getString("gridId")).isEqualTo("bts-04");
  }

  @Test
  void aPointOutsideEveryGridGoesToTheCentresQueue() {
    JsonObject t = api.file("13800000003", Api.report("noise", Points.OUTSIDE[0], Points.OUTSIDE[1], "工地夜间施工"));
    assertThat(t.getValue("gridId")).isNull();
    assertThat(t.getValue("assigneeId")).isNull();
    assertThat(t.getString("status")).isEqualTo("received");
    Api.Response queue = api.get("/api/v1/tickets?status=received&limit=200", api.login("dispatcher"));
    assertThat(queue.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("id")))
        .contains(t.getString("id"));
  }

  @Test
  void aPointOnASharedBorderGoesToTheSameGridEveryTime() {
    Points.Edge edge = Points.sharedEdge();
    double[] border = {edge.midLat(), edge.midLon()};
    Set<String> grids = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      grids.add(api.file("13800000001", Api.report("garbage", border[0], border[1], "边界上的垃圾")).getString("gridId"));
    }
    assertThat(grids).hasSize(1);
    assertThat(grids.iterator().next()).isIn(edge.gridA(), edge.gridB()).isEqualTo(api.get("/api/v1/grids/locate?lat=" + border[0] + "&lon=" + border[1],
        api.login("dispatcher")).json().getString("gridId"));
  }

  @Test
  void theGridWorkerWithFewerOpenTicketsGetsTheNextOne() {
    JsonObject p = Points.of("jgm-01");
    for (int i = 0; i < 4; i++) {
      long a = Math.min(100, openTickets("worker-jgm-01")); // counted up to 100 (see the next test)
      long b = Math.min(100, openTickets("worker-jgm-01b"));
      JsonObject t = api.file("13800000002", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾" + i));
      String expected = a < b ? "worker-jgm-01" : b < a ? "worker-jgm-01b" : null;
      String got = db.one("SELECT username FROM users WHERE id = $1", t.getString("assigneeId")).getString(0);
      if (expected != null) assertThat(got).isEqualTo(expected);
      else assertThat(got).isIn("worker-jgm-01", "worker-jgm-01b");
    }
  }

  @Test
  void workersWithAHundredOpenTicketsOrMoreShareNewOnes() {
    JsonObject p = Points.of("jgm-01");
    // both workers of the grid overloaded: counting stops at 100, so neither is "less loaded" than the other
    String load = "WITH ins AS (INSERT INTO tickets (id, number, kind, status, channel, category, priority, description,"
        + " created_by, grid_id, assignee_id, version, seq, respond_by, resolve_by, created_at, updated_at, attributes)"
        + " SELECT gen_random_uuid(), 'LOAD-' || u.username || '-' || g, 'issue', 'assigned', 'hotline12345', 'garbage', 'normal',"
        + " 'load', u.id, 'jgm-01', u.id, 1, 2, now(), now(), now(), now(), '{}'"
        + " FROM users u, generate_series(1, $2::int) g WHERE u.username = $1 RETURNING 1) SELECT count(*) FROM ins";
    db.count(load, "worker-jgm-01", 150);
    db.count(load, "worker-jgm-01b", 120);
    try {
      Set<String> assignees = new HashSet<>();
      for (int i = 0; i < 16; i++) {
        assignees.add(api.file("13800000002", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), i + "号楼垃圾满了"))
            .getString("assigneeId"));
      }
      assertThat(assignees).as("16 tickets, each to either at random").hasSize(2);
    } finally {
      db.count("WITH done AS (UPDATE tickets SET status = 'closed' WHERE number LIKE 'LOAD-%' RETURNING 1) SELECT count(*) FROM done");
    }
  }

  private long openTickets(String username) {
    return db.count("SELECT count(*) FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE u.username = $1"
        + " AND t.status IN ('assigned', 'accepted', 'whistled', 'reopened')", username);
  }

  @Test
  void retriesWithTheSameIdempotencyKeyReturnTheSameTicket() {
    String token = api.resident("13800000001");
    JsonObject p = Points.of("sgj-03");
    JsonObject body = Api.report("water_leak", p.getDouble("lat"), p.getDouble("lon"), "水管爆了");
    Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
    long before = db.count("SELECT count(*) FROM tickets");
    Api.Response first = api.call(HttpMethod.POST, "/api/v1/tickets", token, body, key);
    Api.Response second = api.call(HttpMethod.POST, "/api/v1/tickets", token, body, key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(db.count("SELECT count(*) FROM tickets")).isEqualTo(before + 1);
  }

  /**
   * Reports arriving together are written together; a retry among them breaks its batch's statement on
   * the unique index, and the others must still be filed, each once, with its own events and clocks.
   */
  @Test
  void aBurstWithRetriesMixedInFilesEveryReportOnce() {
    String burst = "burst-" + UUID.randomUUID();
    List<JsonObject> bodies = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      JsonObject p = Points.of(List.of("jgm-01", "sgj-03", "dxm-02", "wls-04").get(i % 4));
      bodies.add(Api.report(List.of("streetlight", "noise", "garbage").get(i % 3), p.getDouble("lat"), p.getDouble("lon"),
          "第" + i + "号情况 " + UUID.randomUUID()).put("externalId", burst + "-" + (i % 100))); // 20 of them retries
    }
    List<Future<Api.Response>> calls = new ArrayList<>();
    for (JsonObject body : bodies) {
      calls.add(api.send(HttpMethod.POST, "/api/v1/tickets", null, body, Map.of("X-Api-Key", "demo-hotline-key")));
    }
    Future.join(calls).await();
    Map<String, String> idByExternal = new java.util.HashMap<>();
    for (int i = 0; i < calls.size(); i++) {
      Api.Response r = calls.get(i).result();
      assertThat(r.status()).as(r.toString()).isIn(200, 201);
      String previous = idByExternal.putIfAbsent(bodies.get(i).getString("externalId"), r.json().getString("id"));
      if (previous != null) assertThat(r.json().getString("id")).isEqualTo(previous);
    }
    assertThat(idByExternal).hasSize(100);
    assertThat(db.count("SELECT count(*) FROM tickets WHERE external_id LIKE $1", burst + "-%")).isEqualTo(100);
    assertThat(db.count("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id"
        + " WHERE t.external_id LIKE $1 AND e.type = 'created'", burst + "-%")).isEqualTo(100);
    assertThat(db.count("SELECT count(*) FROM deadlines d JOIN tickets t ON t.id = d.ticket_id"
        + " WHERE t.external_id LIKE $1 AND t.status <> 'merged'", burst + "-%"))
        .isEqualTo(2 * db.count("SELECT count(*) FROM tickets WHERE external_id LIKE $1 AND status <> 'merged'", burst + "-%"));
  }

  @Test
  void concurrentRetriesOfOneExternalIdMakeOneTicket() {
    JsonObject p = Points.of("dxm-01");
    String externalId = "HL-" + UUID.randomUUID();
    JsonObject body = Api.report("drainage_blockage", p.getDouble("lat"), p.getDouble("lon"), "下水道堵了")
        .put("externalId", externalId);
    List<Future<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      calls.add(api.send(HttpMethod.POST, "/api/v1/tickets", null, body, Map.of("X-Api-Key", "demo-hotline-key")));
    }
    Future.all(calls).await();
    Set<String> ids = new HashSet<>();
    int created = 0;
    for (Future<Api.Response> f : calls) {
      assertThat(f.result().status()).as(f.result().toString()).isIn(200, 201);
      if (f.result().status() == 201) created++;
      ids.add(f.result().json().getString("id"));
    }
    assertThat(created).isEqualTo(1);
    assertThat(ids).hasSize(1);
    assertThat(db.count("SELECT count(*) FROM tickets WHERE external_id = $1", externalId)).isEqualTo(1);
    // another account reusing that externalId on that channel is refused, even one who may see the ticket
    Api.Response reuse = api.post("/api/v1/tickets", api.login("dispatcher"), body.copy().put("channel", "hotline12345"));
    assertThat(reuse.status()).isEqualTo(409);
    assertThat(reuse.errorCode()).isEqualTo("external_id_taken");
    assertThat(db.count("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.external_id = $1",
        externalId)).isEqualTo(2);
  }

  @Test
  void aServiceRequestCarriesItsItemAndMode() {
    Api.Response r = api.post("/api/v1/tickets", api.resident("13800000003"), new JsonObject()
        .put("kind", "service").put("serviceCode", "childcare_subsidy").put("mode", "proxy")
        .put("description", "想申请育儿补贴").put("address", "文林街3号"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().getString("kind")).isEqualTo("service");
    assertThat(r.json().getString("serviceCode")).isEqualTo("childcare_subsidy");
    assertThat(r.json().getString("mode")).isEqualTo("proxy");
    Api.Response wrongMode = api.post("/api/v1/tickets", api.resident("13800000003"), new JsonObject()
        .put("kind", "service").put("serviceCode", "childcare_subsidy").put("mode", "home_visit"));
    assertThat(wrongMode.status()).isEqualTo(400);
    assertThat(wrongMode.json().getJsonObject("error").getJsonObject("fields").containsKey("mode")).isTrue();
  }

  @Test
  void onlyResidentsDispatchersIntegrationsAndWorkersOnPatrolFileTickets() {
    JsonObject p = Points.of("jgm-03");
    // a grid worker files on patrol, in their own grids (PatrolTest)
    for (String user : List.of("dept-gas", "supervisor")) {
      Api.Response r = api.post("/api/v1/tickets", api.login(user), Api.report("gas_leak", p.getDouble("lat"), p.getDouble("lon"), "x"));
      assertThat(r.status()).as(user).isEqualTo(403);
      assertThat(r.errorCode()).isEqualTo("forbidden");
    }
  }
}
