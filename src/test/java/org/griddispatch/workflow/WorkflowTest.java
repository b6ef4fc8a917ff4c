package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The simple path and its refusals: who may do what, in which state, on which version. */
class WorkflowTest extends NodeTest {
  static final String RESIDENT = "13800000002";



  /** A new gas-leak report in jgm-03 and the token of the worker it went to. */
  private record Filed(JsonObject ticket, String worker) {
    String id() { return ticket.getString("id"); }
  }

  private Filed fileInJgm03() {
    JsonObject p = Points.of("jgm-03");
    JsonObject t = api.file(RESIDENT, Api.report("gas_leak", p.getDouble("lat"), p.getDouble("lon"), "燃气味"));
    return new Filed(t, api.login("worker-jgm-03"));
  }

  @Test
  void theSimplePathFromAssignedToClosedWithAGapFreeTimeline() {
    Filed f = fileInJgm03();
    String resident = api.resident(RESIDENT);
    Api.Response accepted = api.act(f.id(), "accept", f.worker(), null);
    assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
    assertThat(accepted.json().getString("status")).isEqualTo("accepted");
    assertThat(accepted.json().getString("respondedAt")).isNotNull();
    assertThat(accepted.json().getInteger("version")).isEqualTo(2);
    assertThat(accepted.header("ETag")).isEqualTo("\"2\"");

    assertThat(api.act(f.id(), "comment", resident, new JsonObject().put("text", "师傅请快点")).status()).isEqualTo(200);
    Api.Response resolved = api.act(f.id(), "resolve", f.worker(), new JsonObject().put("note", "已关阀并通知燃气公司维修"));
    assertThat(resolved.json().getString("status")).isEqualTo("resolved");
    assertThat(resolved.json().getInteger("version")).isEqualTo(3); // the comment did not bump it

    Api.Response rated = api.act(f.id(), "rate", resident, new JsonObject().put("rating", "good").put("comment", "很及时"));
    assertThat(rated.status()).as(rated.toString()).isEqualTo(200);
    assertThat(rated.json().getJsonObject("rating").getString("rating")).isEqualTo("good");

    Api.Response closed = api.act(f.id(), "close", api.login("dispatcher"), null);
    assertThat(closed.json().getString("status")).isEqualTo("closed");

    JsonArray events = api.get("/api/v1/tickets/" + f.id() + "/events", resident).array();
    List<String> types = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.getJsonObject(i).getInteger("seq")).isEqualTo(i + 1);
      types.add(events.getJsonObject(i).getString("type"));
    }
    assertThat(types).containsExactly("created", "assigned", "accepted", "commented", "resolved", "rated", "closed");
    assertThat(events.getJsonObject(4).getJsonObject("data").getString("note")).isEqualTo("已关阀并通知燃气公司维修");
    assertThat(events.getJsonObject(2).getJsonObject("actor").getString("role")).isEqualTo("grid_worker");
    JsonArray after = api.get("/api/v1/tickets/" + f.id() + "/events?after=5", resident).array();
    assertThat(after.stream().map(e -> ((JsonObject) e).getInteger("seq")).toList()).containsExactly(6, 7);
    // the ticket row and its timeline agree
    assertThat(db.count("SELECT seq FROM tickets WHERE id = $1::uuid", f.id())).isEqualTo(7);
  }

  @Test
  void actionsOutOfStateAre409AndChangeNothing() {
    Filed f = fileInJgm03();
    String resident = api.resident(RESIDENT);
    assertRefused(f.id(), "resolve", f.worker(), new JsonObject().put("note", "x"), 409, "invalid_transition");
    assertRefused(f.id(), "rate", resident, new JsonObject().put("rating", "good"), 409, "invalid_transition");
    assertRefused(f.id(), "close", api.login("dispatcher"), null, 409, "invalid_transition");
    assertThat(api.act(f.id(), "accept", f.worker(), null).status()).isEqualTo(200);
    assertRefused(f.id(), "accept", f.worker(), null, 409, "invalid_transition");
    assertThat(api.act(f.id(), "resolve", f.worker(), new JsonObject().put("note", "好了")).status()).isEqualTo(200);
    assertThat(api.act(f.id(), "rate", resident, new JsonObject().put("rating", "neutral")).status()).isEqualTo(200);
    assertRefused(f.id(), "rate", resident, new JsonObject().put("rating", "good"), 409, "invalid_transition");
    assertThat(api.act(f.id(), "close", api.login("dispatcher"), null).status()).isEqualTo(200);
    assertRefused(f.id(), "close", api.login("dispatcher"), null, 409, "invalid_transition");
    assertRefused(f.id(), "accept", f.worker(), null, 409, "invalid_transition");
  }

  @Test
  void actionsByTheWrongPeopleAre403OrNotFound() {
    Filed f = fileInJgm03();
    // another worker of another grid cannot see it at all
    assertRefused(f.id(), "accept", api.login("worker-yhq-01"), null, 404, "not_found");
    // staff who can see it but are not its handler
    assertRefused(f.id(), "accept", api.login("dispatcher"), null, 403, "forbidden");
    assertRefused(f.id(), "accept", api.login("supervisor"), null, 403, "forbidden");
    assertRefused(f.id(), "close", api.login("supervisor"), null, 403, "forbidden");
    // another resident
    assertRefused(f.id(), "comment", api.resident("13800000003"), new JsonObject().put("text", "hi"), 404, "not_found");
    assertThat(api.act(f.id(), "accept", f.worker(), null).status()).isEqualTo(200);
    assertThat(api.act(f.id(), "resolve", f.worker(), new JsonObject().put("note", "ok")).status()).isEqualTo(200);
    // only the reporter rates
    assertRefused(f.id(), "rate", api.login("dispatcher"), new JsonObject().put("rating", "good"), 403, "forbidden");
    assertRefused(f.id(), "rate", f.worker(), new JsonObject().put("rating", "good"), 403, "forbidden");
  }

  @Test
  void aStaleIfMatchIs412AndTheRightOneApplies() {
    Filed f = fileInJgm03();
    Api.Response stale = api.call(HttpMethod.POST, "/api/v1/tickets/" + f.id() + "/accept", f.worker(), new JsonObject(),
        Map.of("If-Match", "\"7\""));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(stale.errorCode()).isEqualTo("version_mismatch");
    Api.Response ok = api.call(HttpMethod.POST, "/api/v1/tickets/" + f.id() + "/accept", f.worker(), new JsonObject(),
        Map.of("If-Match", "\"1\""));
    assertThat(ok.status()).isEqualTo(200);
    assertThat(api.get("/api/v1/tickets/" + f.id(), f.worker()).header("ETag")).isEqualTo("\"2\"");
  }

  @Test
  void concurrentAcceptsApplyOnceAndTheRestAreRefused() {
    Filed f = fileInJgm03();
    List<Future<Api.Response>> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      calls.add(api.send(HttpMethod.POST, "/api/v1/tickets/" + f.id() + "/accept", f.worker(), new JsonObject(), null));
    }
    Future.all(calls).await();
    assertThat(calls.stream().filter(c -> c.result().status() == 200).count()).isEqualTo(1);
    assertThat(calls.stream().filter(c -> c.result().status() == 409).count()).isEqualTo(5);
    assertThat(db.count("SELECT count(*) FROM ticket_events WHERE ticket_id = $1::uuid AND type = 'accepted'", f.id())).isEqualTo(1);
  }

  @Test
  void unknownActionsAndTicketsAre404() {
    Filed f = fileInJgm03();
    assertRefused(f.id(), "teleport", f.worker(), null, 404, "not_found");
    assertRefused("00000000-0000-0000-0000-000000000000", "accept", f.worker(), null, 404, "not_found");
    assertRefused("not-a-uuid", "accept", f.worker(), null, 404, "not_found");
    assertThat(api.get("/api/v1/tickets/not-a-uuid", f.worker()).status()).isEqualTo(404);
  }

  private void assertRefused(String id, String action, String token, JsonObject body, int status, String code) {
    long[] before = db.totals();
    Api.Response r = api.act(id, action, token, body);
    assertThat(r.status()).as(action + " " + r).isEqualTo(status);
    assertThat(r.errorCode()).isEqualTo(code);
    assertThat(db.totals()).as("nothing written").containsExactly(before);
  }
}
