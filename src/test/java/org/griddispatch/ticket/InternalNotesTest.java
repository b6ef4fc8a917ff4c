package org.griddispatch.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Staff-internal notes (a worker's return reason, the centre's comments, a supervisor's urging, the
 * notes between worker and department) never reach the resident: not by REST, not by the socket, not
 * by Open311. Staff see them all; the resident's seq numbers stay without gaps.
 */
class InternalNotesTest extends NodeTest {
  private static final List<String> SECRETS = List.of("RET-SECRET", "CENTRE-SECRET", "URGE-SECRET", "WHISTLE-SECRET", "DEPT-SECRET");

  @Test
  void aResidentNeverReceivesAnInternalNote() {
    String phone = "13800000041";
    String resident = api.resident(phone);
    JsonObject p = Points.of("wls-02");
    JsonObject t = api.file(phone, Api.report("water_leak", p.getDouble("lat") + 0.0004, p.getDouble("lon"), "楼道水管爆了，内部备注测试"));
    String id = t.getString("id");
    String worker = api.login("worker-wls-02");
    String dispatcher = api.login("dispatcher");

    ok(api.act(id, "return", worker, new JsonObject().put("reason", "RET-SECRET 不归本网格")));
    ok(api.act(id, "reassign", dispatcher, new JsonObject().put("gridId", "wls-02")));
    ok(api.act(id, "comment", dispatcher, new JsonObject().put("text", "CENTRE-SECRET 住户情绪激动")));
    ok(api.act(id, "urge", api.login("supervisor"), new JsonObject().put("note", "URGE-SECRET 今天办完")));
    ok(api.act(id, "accept", worker, null));
    ok(api.act(id, "whistle", worker, new JsonObject().put("deptIds", new JsonArray().add("water")).put("note", "WHISTLE-SECRET 带阀门")));
    ok(api.act(id, "report", api.login("dept-water"), new JsonObject().put("note", "DEPT-SECRET 已关总阀")));
    ok(api.act(id, "comment", worker, new JsonObject().put("text", "PUBLIC-NOTE 师傅马上到").put("internal", false)));

    // a resident cannot hide a note from staff: refused, nothing written
    int version = api.get("/api/v1/tickets/" + id, dispatcher).json().getInteger("version");
    Api.Response hidden = api.act(id, "comment", resident, new JsonObject().put("text", "x").put("internal", true));
    assertThat(hidden.status()).isEqualTo(400);
    assertThat(hidden.json().getJsonObject("error").getJsonObject("fields").fieldNames()).containsExactly("internal");
    assertThat(api.get("/api/v1/tickets/" + id, dispatcher).json().getInteger("version")).isEqualTo(version);

    // REST: staff read every note; the resident none, with the public one and no gap in seq
    String all = api.get("/api/v1/tickets/" + id + "/events", dispatcher).body();
    assertThat(all).contains(SECRETS).contains("PUBLIC-NOTE");
    JsonArray mine = api.get("/api/v1/tickets/" + id + "/events", resident).array();
    assertThat(mine.encode()).doesNotContain(SECRETS).contains("PUBLIC-NOTE");
    for (int i = 0; i < mine.size(); i++) assertThat(mine.getJsonObject(i).getInteger("seq")).isEqualTo(i + 1);
    List<String> types = new ArrayList<>();
    mine.forEach(e -> types.add(((JsonObject) e).getString("type")));
    assertThat(types).contains("internal", "whistled", "reported").doesNotContain("returned", "urged");
    JsonObject stub = mine.stream().map(JsonObject.class::cast).filter(e -> "internal".equals(e.getString("type"))).findFirst().orElseThrow();
    assertThat(stub.getBoolean("internal")).isTrue();
    assertThat(stub.getJsonObject("data")).isEmpty();
    assertThat(stub.getValue("actor")).isNull();

    assertThat(api.get("/api/v1/tickets/" + id, resident).body()).doesNotContain(SECRETS);
    assertThat(api.get("/api/v1/tickets?mine=true", resident).body()).doesNotContain(SECRETS);

    // the socket: the same events, replayed from the start
    try (Terminal socket = Terminal.connect(vertx, node.port(), resident)) {
      assertThat(socket.subscribe("ticket:" + id, "0.0").getString("op")).isEqualTo("subscribed");
      StringBuilder frames = new StringBuilder();
      for (int i = 0; i < mine.size(); i++) {
        JsonObject e = socket.event(id, 10);
        assertThat(e.getInteger("seq")).isEqualTo(i + 1);
        frames.append(e.encode());
      }
      assertThat(frames.toString()).doesNotContain(SECRETS).contains("PUBLIC-NOTE");
    }
    try (Terminal socket = Terminal.connect(vertx, node.port(), dispatcher)) {
      assertThat(socket.subscribe("ticket:" + id, "0.0").getString("op")).isEqualTo("subscribed");
      StringBuilder frames = new StringBuilder();
      for (int i = 0; i < mine.size(); i++) frames.append(socket.event(id, 10).encode());
      assertThat(frames.toString()).contains(SECRETS);
    }

    // Open311: the request and its updates, as the hotline reads them
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port()));
    String request = client.get("/open311/v2/requests/" + t.getString("number") + ".json?api_key=demo-hotline-key").send().await().bodyAsString();
    assertThat(request).contains(t.getString("number")).doesNotContain(SECRETS);
    // from the ticket's filing on: the window holds at most 1,000 updates, and the shared node files many
    String since = java.net.URLEncoder.encode(t.getString("createdAt"), java.nio.charset.StandardCharsets.UTF_8);
    String updates = client.get("/open311/v2/servicerequestupdates.json?api_key=demo-hotline-key&start_date=" + since).send().await()
        .bodyAsString();
    assertThat(updates).contains(t.getString("number")).doesNotContain(SECRETS);
  }

  private static void ok(Api.Response r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }
}
