package org.griddispatch.intake;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 巡查上报: a grid worker files what they find in their own grids; it stays with them; a small matter
 * settled on the spot (当场办结) is filed resolved with its note; patrol is a channel of its own in the
 * stats. Grid jgm-02 and its worker are this test's.
 */
class PatrolTest extends NodeTest {
  private static final String WORKER = "worker-jgm-02";

  private static JsonObject patrol(String gridId, String category, String text) {
    JsonObject p = Points.of(gridId);
    return Api.report(category, p.getDouble("lat"), p.getDouble("lon"), text).put("channel", "patrol")
        .put("address", "巡查发现");
  }

  private static List<String> types(String ticketId) {
    JsonArray events = api.get("/api/v1/tickets/" + ticketId + "/events", api.login("dispatcher")).array();
    return events.stream().map(e -> ((JsonObject) e).getString("type")).toList();
  }

  @Test
  void aPatrolReportInTheWorkersOwnGridStaysWithThem() {
    String token = api.login(WORKER);
    Api.Response r = api.post("/api/v1/tickets", token, patrol("jgm-02", "garbage", "路边垃圾堆放"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonObject t = r.json();
    assertThat(t.getString("channel")).isEqualTo("patrol");
    assertThat(t.getString("status")).isEqualTo("assigned");
    assertThat(t.getString("gridId")).isEqualTo("jgm-02");
    assertThat(t.getString("assigneeId")).isEqualTo(api.userId(token));
    assertThat(types(t.getString("id"))).containsExactly("created", "assigned");
    JsonObject assigned = api.get("/api/v1/tickets/" + t.getString("id") + "/events", token).array().getJsonObject(1);
    assertThat(assigned.getJsonObject("data").getString("reason")).isEqualTo("found on patrol");
    // the finder has seen what they report: no unseen clock runs for it
    assertThat(db.count("SELECT count(*) FROM deadlines WHERE ticket_id = $1 AND clock = 'seen'", UUID.fromString(t.getString("id"))))
        .isZero();
    // they handle it like any other ticket of theirs
    assertThat(api.act(t.getString("id"), "accept", token, null).status()).isEqualTo(200);
  }

  @Test
  void aSmallMatterSettledOnTheSpotIsFiledResolvedWithItsNote() {
    String token = api.login(WORKER);
    Api.Response r = api.post("/api/v1/tickets", token, patrol("jgm-02", "illegal_parking", "消防通道违停")
        .put("resolveNow", true).put("note", "已联系车主挪车"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    JsonObject t = r.json();
    assertThat(t.getString("status")).isEqualTo("resolved");
    assertThat(t.getString("assigneeId")).isEqualTo(api.userId(token));
    assertThat(t.getString("respondedAt")).isNotNull();
    assertThat(t.getString("resolvedAt")).isNotNull();
    JsonArray events = api.get("/api/v1/tickets/" + t.getString("id") + "/events", token).array();
    assertThat(events.stream().map(e -> ((JsonObject) e).getString("type")).toList())
        .containsExactly("created", "assigned", "accepted", "resolved");
    JsonObject resolved = events.getJsonObject(3);
    assertThat(resolved.getJsonObject("data").getString("note")).isEqualTo("已联系车主挪车");
    assertThat(resolved.getJsonObject("actor").getString("id")).isEqualTo(api.userId(token));
    // one transaction wrote them: every event of the ticket carries the same transaction id
    assertThat(db.count("SELECT count(DISTINCT tx) FROM ticket_events WHERE ticket_id = $1", UUID.fromString(t.getString("id"))))
        .isEqualTo(1);
    // a retry with the same Idempotency-Key answers the same ticket and files nothing more
    long before = db.count("SELECT count(*) FROM tickets");
    JsonObject again = patrol("jgm-02", "illegal_parking", "再报一次").put("resolveNow", true).put("note", "同上");
    Map<String, String> key = Map.of("Idempotency-Key", "patrol-" + UUID.randomUUID());
    Api.Response first = api.call(HttpMethod.POST, "/api/v1/tickets", token, again, key);
    Api.Response replay = api.call(HttpMethod.POST, "/api/v1/tickets", token, again, key);
    assertThat(first.status()).isEqualTo(201);
    assertThat(replay.status()).isEqualTo(200);
    assertThat(replay.json().getString("id")).isEqualTo(first.json().getString("id"));
    assertThat(db.count("SELECT count(*) FROM tickets")).isEqualTo(before + 1);
  }

  @Test
  void aReportOutsideTheWorkersGridsIsRefusedAndNothingIsFiled() {
    String token = api.login(WORKER);
    long[] before = db.totals();
    Api.Response other = api.post("/api/v1/tickets", token, patrol("jgm-03", "garbage", "别人网格的垃圾"));
    assertThat(other.status()).isEqualTo(403);
    assertThat(other.errorCode()).isEqualTo("outside_own_grids");
    JsonObject outside = Api.report("garbage", Points.OUTSIDE[0], Points.OUTSIDE[1], "辖区外").put("channel", "patrol");
    Api.Response nowhere = api.post("/api/v1/tickets", token, outside);
    assertThat(nowhere.status()).isEqualTo(403);
    assertThat(nowhere.errorCode()).isEqualTo("outside_own_grids");
    assertThat(db.totals()).isEqualTo(before);
  }

  @Test
  void badPatrolReportsAnswer400AndFileNothing() {
    String token = api.login(WORKER);
    String residentToken = api.resident("13800000077");
    long[] before = db.totals();
    // settled on the spot without saying what was done
    Api.Response noNote = api.post("/api/v1/tickets", token, patrol("jgm-02", "garbage", "垃圾").put("resolveNow", true));
    assertThat(noNote.status()).isEqualTo(400);
    assertThat(noNote.json().getJsonObject("error").getJsonObject("fields").containsKey("note")).isTrue();
    // no point: a patrol report is made where it was found
    Api.Response noPoint = api.post("/api/v1/tickets", token, new JsonObject().put("category", "garbage")
        .put("description", "垃圾").put("address", "某处").put("channel", "patrol"));
    assertThat(noPoint.status()).isEqualTo(400);
    // a worker files through patrol only
    Api.Response window = api.post("/api/v1/tickets", token, patrol("jgm-02", "garbage", "垃圾").put("channel", "window"));
    assertThat(window.status()).isEqualTo(400);
    // settling on the spot is for patrol reports only
    Api.Response resident = api.post("/api/v1/tickets", residentToken, Api.report("garbage",
        Points.of("jgm-02").getDouble("lat"), Points.of("jgm-02").getDouble("lon"), "垃圾").put("resolveNow", true).put("note", "x"));
    assertThat(resident.status()).isEqualTo(400);
    // other staff still may not file
    assertThat(api.post("/api/v1/tickets", api.login("supervisor"), patrol("jgm-02", "garbage", "垃圾")).status()).isEqualTo(403);
    assertThat(db.totals()).isEqualTo(before);
  }

  @Test
  void patrolIsAChannelOfItsOwnInTheStats() {
    String token = api.login(WORKER);
    api.post("/api/v1/tickets", token, patrol("jgm-02", "streetlight", "路灯不亮"));
    api.post("/api/v1/tickets", token, patrol("jgm-02", "garbage", "垃圾桶满").put("resolveNow", true).put("note", "已清理"));
    JsonObject stats = api.get("/api/v1/stats?gridId=jgm-02", api.login("supervisor")).json();
    JsonObject patrol = stats.getJsonArray("byChannel").stream().map(o -> (JsonObject) o)
        .filter(c -> "patrol".equals(c.getString("channel"))).findFirst().orElseThrow();
    assertThat(patrol.getLong("received")).isGreaterThanOrEqualTo(2);
    assertThat(patrol.getLong("resolved")).isGreaterThanOrEqualTo(1);
    assertThat(stats.getJsonArray("byChannel").stream().map(o -> ((JsonObject) o).getString("channel")))
        .doesNotHaveDuplicates();
  }
}
