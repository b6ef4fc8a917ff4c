package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** 吹哨报到, 退单 and re-dispatch, 延期, reopen and the one-window service steps, over real HTTP. */
class WholeWorkflowTest extends NodeTest {


  @AfterEach
  void clockBack() { TestNode.CLOCK.reset(); }


  private JsonObject accepted(String gridId, String category, String phone) {
    JsonObject p = Points.of(gridId);
    JsonObject t = api.file(phone, Api.report(category, p.getDouble("lat"), p.getDouble("lon"), "现场情况"));
    Api.Response r = api.act(t.getString("id"), "accept", worker(gridId), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private String worker(String gridId) { return api.login("worker-" + gridId); }

  private List<String> types(String id) {
    return api.get("/api/v1/tickets/" + id + "/events", api.login("dispatcher")).array().stream()
        .map(e -> ((JsonObject) e).getString("type")).toList();
  }

  @Test
  void whistleTwoDepartmentsOneReportsLateThenResolve() {
    JsonObject t = accepted("dxm-01", "gas_leak", "13800000001");
    String id = t.getString("id");
    String gas = api.login("dept-gas");
    String urban = api.login("dept-urban");
    assertThat(api.get("/api/v1/tickets/" + id, gas).status()).as("not called yet").isEqualTo(404);

    Api.Response whistled = api.act(id, "whistle", worker("dxm-01"),
        new JsonObject().put("deptIds", new JsonArray().add("gas").add("urban")).put("note", "确认漏气，请燃气公司和城管到场"));
    assertThat(whistled.status()).as(whistled.toString()).isEqualTo(200);
    assertThat(whistled.json().getString("status")).isEqualTo("whistled");
    assertThat(whistled.json().getJsonArray("departments")).hasSize(2);
    // each department sees it in its queue
    assertThat(api.get("/api/v1/tickets?deptId=gas", gas).body()).contains(id);
    assertThat(api.get("/api/v1/tickets", urban).body()).contains(id);

    assertThat(api.act(id, "report", gas, new JsonObject().put("note", "抢修人员已到场")).status()).isEqualTo(200);
    assertThat(api.act(id, "report", gas, null).status()).as("reports once").isEqualTo(409);
    Api.Response early = api.act(id, "resolve", worker("dxm-01"), new JsonObject().put("note", "处理完毕"));
    assertThat(early.status()).isEqualTo(409);
    assertThat(early.json().getJsonObject("error").getString("message")).contains("urban");

    TestNode.CLOCK.advance(Duration.ofMinutes(31)); // gas leak: report in within 30 minutes
    Api.Response late = api.act(id, "report", urban, new JsonObject().put("note", "城管到场维持秩序"));
    assertThat(late.status()).isEqualTo(200);
    JsonArray events = api.get("/api/v1/tickets/" + id + "/events", gas).array();
    List<JsonObject> reports = events.stream().map(e -> (JsonObject) e).filter(e -> e.getString("type").equals("reported")).toList();
    assertThat(reports).hasSize(2);
    assertThat(reports.get(0).getJsonObject("data").getBoolean("late")).isFalse();
    assertThat(reports.get(1).getJsonObject("data").getBoolean("late")).isTrue();
    assertThat(reports.get(1).getJsonObject("data").getString("deptId")).isEqualTo("urban");

    // 加派: a third department joins; the centre releases it again
    assertThat(api.act(id, "whistle", api.login("dispatcher"), new JsonObject().put("deptIds", new JsonArray().add("police"))).status())
        .isEqualTo(200);
    assertThat(api.act(id, "whistle", api.login("dispatcher"), new JsonObject().put("deptIds", new JsonArray().add("police"))).status())
        .as("already called").isEqualTo(409);
    assertThat(api.act(id, "resolve", gas, new JsonObject().put("note", "x")).status()).isEqualTo(409);
    assertThat(api.act(id, "release", api.login("dispatcher"), new JsonObject().put("deptId", "police").put("reason", "无需派出所")).status())
        .isEqualTo(200);
    assertThat(api.act(id, "report", api.login("dept-police"), null).status()).as("a released department no longer acts").isEqualTo(403);
    assertThat(api.act(id, "finish", urban, new JsonObject().put("note", "现场已撤离")).status()).isEqualTo(200);

    Api.Response resolved = api.act(id, "resolve", gas, new JsonObject().put("note", "管道已修复"));
    assertThat(resolved.status()).as(resolved.toString()).isEqualTo(200);
    assertThat(resolved.json().getString("status")).isEqualTo("resolved");
    assertThat(types(id)).containsSubsequence("whistled", "reported", "reported", "whistled", "released", "dept_finished", "resolved");
    // reopened, the ticket may call the same department again
    assertThat(api.act(id, "reopen", api.resident("13800000001"), new JsonObject().put("reason", "又有燃气味")).status()).isEqualTo(200);
    Api.Response again = api.act(id, "whistle", worker("dxm-01"), new JsonObject().put("deptIds", new JsonArray().add("police")));
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().getJsonArray("deptIds").stream().filter("police"::equals).count()).isEqualTo(1);
    assertThat(api.act(id, "report", api.login("dept-police"), null).status()).isEqualTo(200);
    assertThat(api.act(id, "whistle", worker("dxm-01"), new JsonObject().put("deptIds", new JsonArray().add("unknown-dept"))).status())
        .isEqualTo(400);
  }

  @Test
  void unknownDepartmentsAreRefused() {
    JsonObject t = accepted("dxm-01", "road_damage", "13800000002");
    Api.Response r = api.act(t.getString("id"), "whistle", worker("dxm-01"), new JsonObject().put("deptIds", new JsonArray().add("nasa")));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().getJsonObject("error").getJsonObject("fields").getString("deptIds")).contains("nasa");
  }

  @Test
  void returnThenReassignAndReturnRejected() {
    JsonObject t = accepted("wls-04", "illegal_parking", "13800000002");
    String id = t.getString("id");
    Api.Response returned = api.act(id, "return", worker("wls-04"), new JsonObject().put("reason", "属于交警管辖"));
    assertThat(returned.json().getString("status")).isEqualTo("returned");
    assertThat(api.get("/api/v1/tickets?status=returned&limit=200", api.login("dispatcher")).body()).contains(id);
    assertThat(api.act(id, "return", worker("wls-04"), new JsonObject().put("reason", "again")).status()).isEqualTo(409);

    Api.Response moved = api.act(id, "reassign", api.login("dispatcher"), new JsonObject().put("gridId", "wls-03").put("reason", "实际在文林3网格"));
    assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
    assertThat(moved.json().getString("status")).isEqualTo("assigned");
    assertThat(moved.json().getString("gridId")).isEqualTo("wls-03");
    assertThat(moved.json().getString("assigneeId")).isEqualTo(api.userId(worker("wls-03")));
    assertThat(api.get("/api/v1/tickets/" + id, worker("wls-04")).status()).as("the old grid no longer sees it").isEqualTo(404);
    assertThat(api.act(id, "accept", worker("wls-03"), null).status()).isEqualTo(200);

    JsonObject other = accepted("wls-04", "illegal_parking", "13800000002");
    api.act(other.getString("id"), "return", worker("wls-04"), new JsonObject().put("reason", "不是我的"));
    Api.Response kept = api.act(other.getString("id"), "reject-return", api.login("dispatcher"), new JsonObject().put("reason", "就在你的网格"));
    assertThat(kept.json().getString("status")).isEqualTo("accepted");
    assertThat(kept.json().getString("assigneeId")).isEqualTo(api.userId(worker("wls-04")));
    assertThat(api.get("/api/v1/stats?gridId=wls-04", api.login("supervisor")).json().getLong("returns")).isGreaterThanOrEqualTo(1);

    Api.Response toDept = api.act(accepted("wls-04", "food_safety", "13800000002").getString("id"), "reassign",
        api.login("dispatcher"), new JsonObject().put("deptId", "market"));
    assertThat(toDept.json().getString("status")).isEqualTo("whistled");
    assertThat(toDept.json().getJsonArray("deptIds")).contains("market");
    assertThat(api.act(id, "reassign", api.login("dispatcher"), new JsonObject()).status()).isEqualTo(400);
    assertThat(api.act(id, "reassign", api.login("dispatcher"), new JsonObject().put("gridId", "nowhere")).status()).isEqualTo(400);
  }

  @Test
  void extensionApprovedAndRefused() {
    JsonObject t = accepted("bts-03", "garbage", "13800000003");
    String id = t.getString("id");
    OffsetDateTime deadline = OffsetDateTime.parse(t.getJsonObject("deadlines").getString("resolveBy"));
    String until = deadline.plusDays(3).toString();
    assertThat(api.act(id, "extend", worker("bts-03"), new JsonObject().put("until", deadline.minusHours(1).toString())
        .put("reason", "x")).status()).as("must be later").isEqualTo(400);
    Api.Response asked = api.act(id, "extend", worker("bts-03"), new JsonObject().put("until", until).put("reason", "需等待配件"));
    assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
    assertThat(asked.json().getJsonObject("extension").getString("reason")).isEqualTo("需等待配件");
    assertThat(api.act(id, "extend", worker("bts-03"), new JsonObject().put("until", until).put("reason", "again")).status()).isEqualTo(409);
    assertThat(api.act(id, "approve-extension", worker("bts-03"), null).status()).as("only supervisors decide").isEqualTo(403);
    Api.Response approved = api.act(id, "approve-extension", api.login("supervisor"), new JsonObject().put("note", "同意"));
    assertThat(approved.status()).isEqualTo(200);
    assertThat(OffsetDateTime.parse(approved.json().getJsonObject("deadlines").getString("resolveBy")))
        .isEqualTo(OffsetDateTime.parse(until));
    assertThat(approved.json().getValue("extension")).isNull();

    JsonObject t2 = accepted("bts-03", "garbage", "13800000003");
    OffsetDateTime d2 = OffsetDateTime.parse(t2.getJsonObject("deadlines").getString("resolveBy"));
    api.act(t2.getString("id"), "extend", worker("bts-03"), new JsonObject().put("until", d2.plusDays(1).toString()).put("reason", "想晚点"));
    Api.Response refused = api.act(t2.getString("id"), "refuse-extension", api.login("supervisor"), new JsonObject().put("reason", "不符合条件"));
    assertThat(refused.status()).isEqualTo(200);
    assertThat(OffsetDateTime.parse(refused.json().getJsonObject("deadlines").getString("resolveBy"))).isEqualTo(d2);
    assertThat(types(t2.getString("id"))).containsSubsequence("extension_requested", "extension_refused");

    // asking after the deadline is too late
    JsonObject t3 = accepted("bts-03", "gas_leak", "13800000003");
    TestNode.CLOCK.advance(Duration.ofHours(5));
    Api.Response tooLate = api.act(t3.getString("id"), "extend", worker("bts-03"),
        new JsonObject().put("until", OffsetDateTime.now().plusDays(2).toString()).put("reason", "晚了"));
    assertThat(tooLate.status()).isEqualTo(409);
  }

  @Test
  void aBadRatingReopensAndTheReopenWindowCloses() {
    JsonObject t = accepted("yhq-01", "streetlight", "13800000001");
    String id = t.getString("id");
    String resident = api.resident("13800000001");
    api.act(id, "resolve", worker("yhq-01"), new JsonObject().put("note", "已更换灯泡"));
    Api.Response bad = api.act(id, "rate", resident, new JsonObject().put("rating", "bad").put("comment", "还是不亮"));
    assertThat(bad.status()).isEqualTo(200);
    assertThat(bad.json().getString("status")).isEqualTo("reopened");
    assertThat(bad.json().getInteger("reopenCount")).isEqualTo(1);
    assertThat(types(id)).endsWith("rated", "reopened");
    // back with the handler, who resolves again; the resident may rate the new result
    assertThat(api.act(id, "resolve", worker("yhq-01"), new JsonObject().put("note", "更换了线路")).status()).isEqualTo(200);
    assertThat(api.act(id, "rate", resident, new JsonObject().put("rating", "good")).status()).isEqualTo(200);

    JsonObject t2 = accepted("yhq-01", "streetlight", "13800000001");
    api.act(t2.getString("id"), "resolve", worker("yhq-01"), new JsonObject().put("note", "好了"));
    assertThat(api.act(t2.getString("id"), "reopen", api.login("dispatcher"), new JsonObject().put("reason", "x")).status()).isEqualTo(403);
    TestNode.CLOCK.advance(Duration.ofDays(8));
    Api.Response tooLate = api.act(t2.getString("id"), "reopen", resident, new JsonObject().put("reason", "又坏了"));
    assertThat(tooLate.status()).isEqualTo(409);
    TestNode.CLOCK.reset();
    Api.Response reopened = api.act(t2.getString("id"), "reopen", resident, new JsonObject().put("reason", "又坏了"));
    assertThat(reopened.json().getString("status")).isEqualTo("reopened");
  }

  @Test
  void urgeAndCancelAreTheCentresAndSupervisorsTools() {
    JsonObject t = accepted("yhq-02", "garbage", "13800000002");
    assertThat(api.act(t.getString("id"), "urge", api.login("supervisor"), new JsonObject().put("note", "请今天内处理")).status()).isEqualTo(200);
    assertThat(api.act(t.getString("id"), "urge", api.login("dispatcher"), new JsonObject().put("note", "x")).status()).isEqualTo(403);
    JsonObject p = Points.of("yhq-02");
    JsonObject junk = api.file("13800000002", Api.report("other", p.getDouble("lat"), p.getDouble("lon"), "测试"));
    Api.Response cancelled = api.act(junk.getString("id"), "cancel", api.login("dispatcher"), new JsonObject().put("reason", "测试工单"));
    assertThat(cancelled.json().getString("status")).isEqualTo("cancelled");
  }

  @Test
  void aServiceRequestThroughAllItsSteps() {
    JsonObject p = Points.of("sgj-04");
    Api.Response filed = api.post("/api/v1/tickets", api.resident("13800000003"), new JsonObject().put("kind", "service")
        .put("serviceCode", "childcare_subsidy").put("mode", "proxy").put("description", "申请育儿补贴代办")
        .put("location", new JsonObject().put("lat", p.getDouble("lat")).put("lon", p.getDouble("lon"))));
    assertThat(filed.status()).isEqualTo(201);
    String id = filed.json().getString("id");
    String worker = worker("sgj-04");
    assertThat(api.act(id, "accept", worker, null).status()).isEqualTo(200);
    assertThat(api.act(id, "check-materials", worker, new JsonObject().put("complete", false)
        .put("missing", new JsonArray().add("户口簿"))).status()).isEqualTo(200);
    assertThat(api.act(id, "check-materials", worker, new JsonObject().put("complete", true)).status()).isEqualTo(200);
    Api.Response handed = api.act(id, "handover", worker, new JsonObject().put("note", "材料齐全，转民政办"));
    assertThat(handed.status()).as(handed.toString()).isEqualTo(200);
    assertThat(handed.json().getJsonArray("deptIds")).containsExactly("civil");
    String civil = api.login("dept-civil");
    assertThat(api.act(id, "report", civil, new JsonObject().put("note", "已受理")).status()).isEqualTo(200);
    Api.Response done = api.act(id, "resolve", civil, new JsonObject().put("note", "补贴已发放"));
    assertThat(done.json().getString("status")).isEqualTo("resolved");
    assertThat(api.act(id, "rate", api.resident("13800000003"), new JsonObject().put("rating", "good")).status()).isEqualTo(200);
    assertThat(types(id)).containsSubsequence("created", "assigned", "accepted", "materials_checked", "materials_checked",
        "handed_over", "reported", "resolved", "rated");
    // an ordinary report has no materials
    JsonObject issue = accepted("sgj-04", "garbage", "13800000003");
    assertThat(api.act(issue.getString("id"), "check-materials", worker, new JsonObject().put("complete", true)).status()).isEqualTo(409);
  }
}
