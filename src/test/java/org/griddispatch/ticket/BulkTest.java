package org.griddispatch.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /tickets/bulk on a real node: each ticket succeeds or fails on its own, with its reason. */
class BulkTest extends NodeTest {
  private JsonObject file(String words) {
    JsonObject p = Points.of("wls-02");
    return api.file("13800000001", Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), words));
  }

  private JsonObject resolved(String words) {
    JsonObject t = file(words);
    String worker = api.login("worker-wls-02");
    assertThat(api.act(t.getString("id"), "accept", worker, null).status()).isEqualTo(200);
    assertThat(api.act(t.getString("id"), "resolve", worker, new JsonObject().put("note", "已清运")).status()).isEqualTo(200);
    return t;
  }

  private String status(String id) { return api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json().getString("status"); }

  private static JsonObject result(JsonObject answer, String id) {
    return answer.getJsonArray("results").stream().map(o -> (JsonObject) o).filter(r -> r.getString("id").equals(id)).findFirst()
        .orElseThrow();
  }

  @Test
  void closesTheTicketsItMayAndSaysWhyNotForTheOthers() {
    JsonObject a = resolved("垃圾桶满了 一");
    JsonObject b = resolved("垃圾桶满了 二");
    JsonObject open = file("垃圾桶满了 三");
    String unknown = "00000000-0000-0000-0000-000000000000";

    Api.Response r = api.post("/api/v1/tickets/bulk", api.login("dispatcher"), new JsonObject().put("action", "close")
        .put("ids", new JsonArray(List.of(a.getString("id"), open.getString("id"), b.getString("id"), unknown))));

    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonObject answer = r.json();
    assertThat(answer.getLong("succeeded")).isEqualTo(2);
    assertThat(answer.getLong("failed")).isEqualTo(2);
    assertThat(result(answer, a.getString("id")).getJsonObject("ticket").getString("status")).isEqualTo("closed");
    assertThat(result(answer, open.getString("id")).getInteger("status")).isEqualTo(409);
    assertThat(result(answer, open.getString("id")).getJsonObject("error").getString("code")).isEqualTo("invalid_transition");
    assertThat(result(answer, unknown).getInteger("status")).isEqualTo(404);
    assertThat(status(a.getString("id"))).isEqualTo("closed");
    assertThat(status(b.getString("id"))).isEqualTo("closed");
    assertThat(status(open.getString("id"))).isEqualTo("assigned");
  }

  @Test
  void aSupervisorUrgesInBulkButMayNotClose() {
    JsonObject a = file("垃圾堆放 一");
    JsonObject b = file("垃圾堆放 二");
    JsonObject done = resolved("垃圾堆放 三");
    String supervisor = api.login("supervisor");

    JsonObject urged = api.post("/api/v1/tickets/bulk", supervisor, new JsonObject().put("action", "urge").put("note", "请尽快处理")
        .put("ids", new JsonArray(List.of(a.getString("id"), b.getString("id"))))).json();
    assertThat(urged.getLong("succeeded")).isEqualTo(2);
    assertThat(api.get("/api/v1/tickets/" + a.getString("id") + "/events", supervisor).array().stream()
        .map(e -> ((JsonObject) e).getString("type")).toList()).contains("urged");

    JsonObject refused = api.post("/api/v1/tickets/bulk", supervisor, new JsonObject().put("action", "close")
        .put("ids", new JsonArray(List.of(done.getString("id"))))).json();
    assertThat(result(refused, done.getString("id")).getInteger("status")).isEqualTo(403);
    assertThat(status(done.getString("id"))).isEqualTo("resolved");
  }

  @Test
  void othersAreRefusedAndBadInputChangesNothing() {
    JsonObject done = resolved("垃圾没清 一");
    JsonArray ids = new JsonArray(List.of(done.getString("id")));

    assertThat(api.post("/api/v1/tickets/bulk", api.login("worker-wls-02"), new JsonObject().put("action", "close").put("ids", ids))
        .status()).isEqualTo(403);
    assertThat(api.post("/api/v1/tickets/bulk", api.resident("13800000001"), new JsonObject().put("action", "close").put("ids", ids))
        .status()).isEqualTo(403);
    String dispatcher = api.login("dispatcher");
    assertThat(api.post("/api/v1/tickets/bulk", dispatcher, new JsonObject().put("action", "delete").put("ids", ids)).status())
        .isEqualTo(400);
    assertThat(api.post("/api/v1/tickets/bulk", dispatcher, new JsonObject().put("action", "close").put("ids", new JsonArray()))
        .status()).isEqualTo(400);
    assertThat(api.post("/api/v1/tickets/bulk", dispatcher, new JsonObject().put("action", "close").put("ids", "all")).status())
        .isEqualTo(400);
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 101; i++) tooMany.add(done.getString("id") + i);
    assertThat(api.post("/api/v1/tickets/bulk", dispatcher, new JsonObject().put("action", "close").put("ids", tooMany)).status())
        .isEqualTo(400);
    assertThat(status(done.getString("id"))).isEqualTo("resolved");
  }
}
