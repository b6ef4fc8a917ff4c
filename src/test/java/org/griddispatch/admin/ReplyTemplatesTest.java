package org.griddispatch.admin;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reply templates (常用语): staff read them per category, the admin keeps them, audited. */
class ReplyTemplatesTest extends NodeTest {
  private List<String> texts(String query, String token) {
    Api.Response r = api.get("/api/v1/reply-templates" + query, token);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("text")).toList();
  }

  @Test
  void theAdminAddsACategorysTemplateThatWorkersThenSee() {
    String admin = api.login("admin");
    String id = "gas-shutoff-" + System.nanoTime();
    JsonObject body = new JsonObject().put("category", "gas_leak").put("kind", "resolution").put("text", "已关闭总阀并通知燃气公司抢修。");

    Api.Response created = api.put("/api/v1/admin/reply-templates/" + id, admin, body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String worker = api.login("worker-jgm-02");
    assertThat(texts("?category=gas_leak&kind=resolution", worker)).contains("已关闭总阀并通知燃气公司抢修。", "经现场核实，问题已处理完毕，已向反映人反馈。");
    assertThat(texts("?category=garbage", worker)).doesNotContain("已关闭总阀并通知燃气公司抢修。");
    assertThat(texts("?kind=note", worker)).doesNotContain("经现场核实，问题已处理完毕，已向反映人反馈。");

    // retired: no longer offered; the change is in the audit log with before and after
    assertThat(api.put("/api/v1/admin/reply-templates/" + id, admin, body.copy().put("active", false)).status()).isEqualTo(200);
    assertThat(texts("?category=gas_leak", worker)).doesNotContain("已关闭总阀并通知燃气公司抢修。");
    JsonObject audit = api.get("/api/v1/admin/audit?action=reply_template.change", admin).json().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(a -> a.getString("target").equals("reply_template:" + id)).findFirst().orElseThrow();
    assertThat(audit.getJsonObject("before").getBoolean("active")).isTrue();
    assertThat(audit.getJsonObject("after").getBoolean("active")).isFalse();
  }

  @Test
  void othersMayNotChangeThemAndBadInputChangesNothing() {
    JsonObject body = new JsonObject().put("kind", "note").put("text", "x");
    for (String who : List.of("dispatcher", "supervisor", "worker-jgm-02")) {
      assertThat(api.put("/api/v1/admin/reply-templates/t-" + who, api.login(who), body).status()).isEqualTo(403);
    }
    assertThat(api.get("/api/v1/reply-templates", api.resident("13800000001")).status()).isEqualTo(403);
    String admin = api.login("admin");
    assertThat(api.put("/api/v1/admin/reply-templates/bad-kind", admin, body.copy().put("kind", "poem")).status()).isEqualTo(400);
    assertThat(api.put("/api/v1/admin/reply-templates/bad-cat", admin, body.copy().put("category", "dragons")).status()).isEqualTo(400);
    assertThat(api.put("/api/v1/admin/reply-templates/Bad%20Id", admin, body).status()).isEqualTo(400);
    assertThat(api.put("/api/v1/admin/reply-templates/no-text", admin, new JsonObject().put("kind", "note")).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/reply-templates?kind=poem", admin).status()).isEqualTo(400);
    assertThat(db.count("SELECT count(*) FROM reply_templates WHERE id IN ('t-dispatcher', 't-supervisor', 't-worker-jgm-02',"
        + " 'bad-kind', 'bad-cat', 'no-text')")).isZero();
  }
}
