package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reopened ticket is handled like a new one: its worker hears of it, the department that worked
 * on it can be called again and acts on it, and the resident's new rating moves the satisfaction rate.
 */
class ReopenedTicketTest extends NodeTest {
  @Test
  void aReopenedGasLeakIsWhistledToTheGasCompanyAgainAndTheDepartmentResolvesIt() {
    String phone = "13800000051";
    String resident = api.resident(phone);
    JsonObject p = Points.of("wls-03");
    JsonObject t = api.file(phone, Api.report("gas_leak", p.getDouble("lat") - 0.0003, p.getDouble("lon") + 0.0002, "厨房燃气味很重，重开测试"));
    String id = t.getString("id");
    String worker = api.login(workerOf(t));
    String gas = api.login("dept-gas");
    String dispatcher = api.login("dispatcher");

    // first round: the gas company reports in, the worker resolves
    ok(api.act(id, "accept", worker, null));
    ok(api.act(id, "whistle", worker, new JsonObject().put("deptIds", new JsonArray().add("gas")).put("note", "带检测仪")));
    ok(api.act(id, "report", gas, new JsonObject().put("note", "到场")));
    ok(api.act(id, "resolve", worker, new JsonObject().put("note", "已关阀修复")));
    JsonObject ratings = api.get("/api/v1/stats", dispatcher).json().getJsonObject("ratings");

    try (Terminal workerTerminal = Terminal.connect(vertx, node.port(), worker);
         Terminal centre = Terminal.connect(vertx, node.port(), dispatcher)) {
      assertThat(workerTerminal.subscribe("me", null).getString("op")).isEqualTo("subscribed");
      assertThat(centre.subscribe("center", null).getString("op")).isEqualTo("subscribed");
      // the resident is not satisfied: a bad rating reopens it
      ok(api.act(id, "rate", resident, new JsonObject().put("rating", "bad").put("comment", "还有味道")));
      JsonObject reopened = workerTerminal.next(f -> "event".equals(f.getString("op")) && id.equals(f.getString("ticketId"))
          && "reopened".equals(f.getString("type")), 10);
      assertThat(reopened.getJsonObject("ticket").getString("status")).isEqualTo("reopened");
      assertThat(reopened.getJsonObject("ticket").getJsonArray("allowedActions")).contains("whistle", "resolve");
      assertThat(centre.next(f -> id.equals(f.getString("ticketId")) && "rated".equals(f.getString("type")), 10)).isNotNull();
    }
    JsonObject afterBad = api.get("/api/v1/stats", dispatcher).json().getJsonObject("ratings");
    assertThat(afterBad.getInteger("bad")).isEqualTo(ratings.getInteger("bad") + 1);

    // the gas company is called again (it had finished with the first resolution), and acts on it
    Api.Response again = api.act(id, "whistle", worker, new JsonObject().put("deptIds", new JsonArray().add("gas")).put("note", "再次到场"));
    ok(again);
    assertThat(again.json().getString("status")).isEqualTo("whistled");
    JsonObject seenByGas = api.get("/api/v1/tickets/" + id, gas).json();
    assertThat(seenByGas.getJsonArray("allowedActions")).contains("report");
    ok(api.act(id, "report", gas, new JsonObject().put("note", "再次到场")));
    assertThat(api.get("/api/v1/tickets/" + id, gas).json().getJsonArray("allowedActions")).contains("resolve", "finish");
    Api.Response resolved = api.act(id, "resolve", gas, new JsonObject().put("note", "更换了老化的软管"));
    ok(resolved);
    assertThat(resolved.json().getString("status")).isEqualTo("resolved");

    // the resident is satisfied now: the rating changes and the rate moves
    double before = api.get("/api/v1/stats", dispatcher).json().getDouble("satisfactionRate");
    ok(api.act(id, "rate", resident, new JsonObject().put("rating", "good")));
    JsonObject after = api.get("/api/v1/stats", dispatcher).json();
    assertThat(after.getJsonObject("ratings").getInteger("good")).isEqualTo(afterBad.getInteger("good") + 1);
    assertThat(after.getJsonObject("ratings").getInteger("bad")).isEqualTo(afterBad.getInteger("bad") - 1);
    assertThat(after.getDouble("satisfactionRate")).isGreaterThan(before);
  }

  private String workerOf(JsonObject t) {
    return api.usernameOf(t.getString("assigneeId"));
  }

  private static void ok(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }
}
