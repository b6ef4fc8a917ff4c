package org.griddispatch.workflow;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ratings from every channel against a real node: the centre's return visit (回访) to a hotline or
 * window caller, the 12345 system rating its own tickets, the supervisor's review of a bad rating
 * (差评复核) with its redo (退回重办), and satisfaction counted over all of them.
 */
class ReturnVisitTest extends NodeTest {
  private static final Map<String, String> HOTLINE = Map.of("X-Api-Key", "demo-hotline-key");

  /** A ticket filed by the 12345 integration in the grid, signed for and resolved by its worker. */
  private JsonObject resolvedHotlineTicket(String grid, String words) {
    JsonObject p = Points.of(grid);
    JsonObject body = Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), words)
        .put("contact", new JsonObject().put("name", "来电人").put("phone", "13900001234")).put("channel", "hotline12345");
    Api.Response filed = api.call(HttpMethod.POST, "/api/v1/tickets", null, body, HOTLINE);
    assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
    return resolve(grid, filed.json());
  }

  private JsonObject resolvedWindowTicket(String grid, String words) {
    JsonObject p = Points.of(grid);
    JsonObject body = Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), words)
        .put("contact", new JsonObject().put("name", "窗口来人").put("phone", "13900005678")).put("channel", "window");
    Api.Response filed = api.post("/api/v1/tickets", api.login("dispatcher"), body);
    assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
    return resolve(grid, filed.json());
  }

  private JsonObject resolve(String grid, JsonObject t) {
    String worker = api.login("worker-" + grid);
    assertThat(api.act(t.getString("id"), "accept", worker, null).status()).isEqualTo(200);
    Api.Response r = api.act(t.getString("id"), "resolve", worker, new JsonObject().put("note", "已修复"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private Api.Response hotlineAct(String id, String action, JsonObject body) {
    return api.call(HttpMethod.POST, "/api/v1/tickets/" + id + "/" + action, null, body, HOTLINE);
  }

  private JsonObject ticket(String id) { return api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json(); }

  private JsonArray awaitingVisit(String token) {
    Api.Response r = api.get("/api/v1/tickets?awaiting=visit&gridId=yhq-04&limit=100", token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items");
  }

  private static boolean contains(JsonArray items, String id) {
    return items.stream().anyMatch(o -> ((JsonObject) o).getString("id").equals(id));
  }

  @Test
  void everyChannelsRatingCountsAndAnUnreasonableOneIsExcludedButShown() {
    // yhq-04 is this test's grid
    String from = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString();
    String dispatcher = api.login("dispatcher");
    String supervisor = api.login("supervisor");

    // a hotline caller is visited and rates good
    JsonObject visited = resolvedHotlineTicket("yhq-04", "路灯不亮，来电反映");
    assertThat(contains(awaitingVisit(dispatcher), visited.getString("id"))).isTrue();
    Api.Response v = api.act(visited.getString("id"), "visit", dispatcher,
        new JsonObject().put("reached", true).put("rating", "good").put("comment", "修得快"));
    assertThat(v.status()).as(v.toString()).isEqualTo(200);
    assertThat(v.json().getJsonObject("rating").getString("rating")).isEqualTo("good");
    assertThat(v.json().getString("visitedAt")).isNotNull();
    assertThat(contains(awaitingVisit(dispatcher), visited.getString("id"))).isFalse();
    assertThat(api.get("/api/v1/tickets/" + visited.getString("id") + "/events", dispatcher).array().stream()
        .map(e -> ((JsonObject) e).getString("type")).toList()).contains("visited", "rated");

    // the 12345 system reports its own visit: a bad rating of a closed ticket
    JsonObject rated = resolvedHotlineTicket("yhq-04", "路灯闪烁，来电反映");
    assertThat(api.act(rated.getString("id"), "close", dispatcher, null).status()).isEqualTo(200);
    Api.Response bad = hotlineAct(rated.getString("id"), "rate", new JsonObject().put("rating", "bad").put("comment", "没人来"));
    assertThat(bad.status()).as(bad.toString()).isEqualTo(200);
    assertThat(bad.json().getString("status")).isEqualTo("closed");

    // a walk-in caller is visited and rates neutral
    JsonObject walkIn = resolvedWindowTicket("yhq-04", "路灯杆歪了，窗口反映");
    assertThat(api.act(walkIn.getString("id"), "visit", dispatcher, new JsonObject().put("reached", true).put("rating", "neutral"))
        .status()).isEqualTo(200);

    // one more resolved hotline ticket nobody has reached yet: a failed attempt keeps it waiting
    JsonObject waiting = resolvedHotlineTicket("yhq-04", "路灯全灭，来电反映");
    Api.Response attempt = api.act(waiting.getString("id"), "visit", dispatcher, new JsonObject().put("reached", false));
    assertThat(attempt.status()).isEqualTo(200);
    assertThat(attempt.json().getInteger("visitAttempts")).isEqualTo(1);
    assertThat(contains(awaitingVisit(dispatcher), waiting.getString("id"))).isTrue();

    // the bad rating waits for a supervisor's review, then is reviewed as unreasonable
    assertThat(contains(api.get("/api/v1/tickets?awaiting=review&gridId=yhq-04", supervisor).json().getJsonArray("items"),
        rated.getString("id"))).isTrue();
    Api.Response review = api.act(rated.getString("id"), "review-rating", supervisor,
        new JsonObject().put("verdict", "unreasonable").put("reason", "诉求不属实"));
    assertThat(review.status()).as(review.toString()).isEqualTo(200);
    assertThat(review.json().getJsonObject("rating").getJsonObject("review"))
        .isEqualTo(new JsonObject().put("verdict", "unreasonable").put("reason", "诉求不属实"));
    assertThat(contains(api.get("/api/v1/tickets?awaiting=review&gridId=yhq-04", supervisor).json().getJsonArray("items"),
        rated.getString("id"))).isFalse();

    JsonObject s = api.get("/api/v1/stats?gridId=yhq-04&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8), supervisor).json();
    assertThat(s.getJsonObject("ratings")).isEqualTo(new JsonObject().put("good", 1).put("neutral", 1).put("bad", 1));
    assertThat(s.getLong("excludedRatings")).isEqualTo(1);
    assertThat(s.getDouble("satisfactionRate")).as("good / (rated - excluded)").isEqualTo(0.5);
    assertThat(s.getDouble("ratedShare")).as("three of four resolved tickets rated").isEqualTo(0.75);
    assertThat(s.getLong("awaitingVisit")).isEqualTo(1);
    assertThat(s.getJsonObject("ratingsByChannel").getJsonObject("hotline12345"))
        .isEqualTo(new JsonObject().put("good", 1).put("neutral", 0).put("bad", 1).put("excluded", 1).put("satisfactionRate", 1.0));
    assertThat(s.getJsonObject("ratingsByChannel").getJsonObject("window").getLong("neutral")).isEqualTo(1);
    Api.Response csv = api.get("/api/v1/stats.csv?gridId=yhq-04&from=" + URLEncoder.encode(from, StandardCharsets.UTF_8), supervisor);
    assertThat(csv.body().lines().findFirst().orElseThrow()).endsWith(",good,neutral,bad,ratedShare,excludedRatings,awaitingVisit");
    assertThat(csv.body().lines().toList().get(1)).endsWith(",1,1,1,0.75,1,1");
  }

  @Test
  void anUpheldBadRatingSendsTheClosedTicketBackToItsWorker() {
    String dispatcher = api.login("dispatcher");
    JsonObject t = resolvedHotlineTicket("yhq-03", "路灯不亮，重办");
    assertThat(api.act(t.getString("id"), "close", dispatcher, null).status()).isEqualTo(200);
    assertThat(hotlineAct(t.getString("id"), "rate", new JsonObject().put("rating", "bad")).status()).isEqualTo(200);

    Api.Response redo = api.act(t.getString("id"), "review-rating", api.login("supervisor"),
        new JsonObject().put("verdict", "upheld").put("reason", "确实没修好").put("redo", true));

    assertThat(redo.status()).as(redo.toString()).isEqualTo(200);
    assertThat(redo.json().getString("status")).isEqualTo("reopened");
    assertThat(redo.json().getString("assigneeId")).isEqualTo(t.getString("assigneeId"));
    assertThat(redo.json().getString("closedAt")).isNull();
    // the worker does it again
    Api.Response again = api.act(t.getString("id"), "resolve", api.login("worker-yhq-03"), new JsonObject().put("note", "重新修好"));
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
  }

  @Test
  void wrongRolesAreRefusedAndBadInputChangesNothing() {
    String dispatcher = api.login("dispatcher");
    JsonObject t = resolvedHotlineTicket("yhq-03", "路灯坏了，拒绝");
    String id = t.getString("id");
    int version = ticket(id).getInteger("version");

    assertThat(api.act(id, "visit", api.login("worker-yhq-03"), new JsonObject().put("reached", true)).status()).isEqualTo(403);
    assertThat(api.act(id, "visit", api.login("supervisor"), new JsonObject().put("reached", true)).status()).isEqualTo(403);
    assertThat(api.act(id, "visit", api.login("worker-yhq-04"), new JsonObject().put("reached", true)).status())
        .as("not visible to another grid's worker").isEqualTo(404);
    assertThat(api.act(id, "review-rating", dispatcher, new JsonObject().put("verdict", "upheld").put("reason", "x")).status())
        .isEqualTo(403);
    Api.Response noRating = api.act(id, "review-rating", api.login("supervisor"),
        new JsonObject().put("verdict", "upheld").put("reason", "x"));
    assertThat(noRating.status()).isEqualTo(409);
    Api.Response badVisit = api.act(id, "visit", dispatcher, new JsonObject().put("reached", false).put("rating", "good"));
    assertThat(badVisit.status()).isEqualTo(400);
    assertThat(badVisit.json().getJsonObject("error").getJsonObject("fields").containsKey("rating")).isTrue();
    assertThat(api.act(id, "visit", dispatcher, new JsonObject().put("reached", "maybe")).status()).isEqualTo(400);
    assertThat(api.act(id, "review-rating", api.login("supervisor"), new JsonObject().put("verdict", "fine")).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/tickets?awaiting=rating", dispatcher).status()).isEqualTo(400);

    JsonObject after = ticket(id);
    assertThat(after.getInteger("version")).isEqualTo(version);
    assertThat(after.getInteger("visitAttempts")).isZero();
    assertThat(after.getValue("rating")).isNull();
    assertThat(db.count("SELECT count(*) FROM ticket_ratings WHERE ticket_id = $1::uuid", id)).isZero();

    // a resident's own ticket is theirs to rate, not the centre's to visit
    JsonObject p = Points.of("yhq-03");
    JsonObject own = api.file("13800000002", Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), "路灯坏了"));
    resolve("yhq-03", own);
    assertThat(api.act(own.getString("id"), "visit", dispatcher, new JsonObject().put("reached", true)).status()).isEqualTo(409);
  }
}
