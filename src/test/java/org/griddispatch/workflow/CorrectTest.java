package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The centre corrects a ticket on a real node: routed again, new deadlines, the duplicate index and every feed follow. */
class CorrectTest extends NodeTest {
  private static final String TEXT = "楼道里燃气味很大，邻居都闻到了";

  @Test
  void aCorrectedPointAndCategoryGoToTheOtherGridsWorkerLiveWithNewDeadlines() {
    JsonObject from = Points.of("yhq-03");
    JsonObject to = Points.of("yhq-02");
    JsonObject t = api.file("13800000002", Api.exactReport("garbage", from.getDouble("lat"), from.getDouble("lon"), TEXT));
    String id = t.getString("id");
    String newWorker = api.login("worker-yhq-02");

    try (Terminal terminal = Terminal.connect(vertx, api.port(), newWorker)) {
      assertThat(terminal.subscribe("grid:yhq-02", null).getString("op")).isEqualTo("subscribed");

      Api.Response r = api.act(id, "correct", api.login("dispatcher"), new JsonObject().put("category", "gas_leak")
          .put("location", new JsonObject().put("lat", to.getDouble("lat")).put("lon", to.getDouble("lon")))
          .put("address", "玉河桥二组").put("reason", "来电人说的是燃气，地点也记错了"));

      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      JsonObject c = r.json();
      assertThat(c.getString("gridId")).isEqualTo("yhq-02");
      assertThat(c.getString("assigneeId")).isEqualTo(api.userId(newWorker));
      assertThat(c.getString("status")).isEqualTo("assigned");
      assertThat(c.getString("category")).isEqualTo("gas_leak");
      assertThat(c.getString("priority")).isEqualTo("urgent");
      OffsetDateTime created = OffsetDateTime.parse(c.getString("createdAt"));
      // gas_leak resolves in 240 calendar minutes, counted from the filing
      assertThat(Duration.between(created, OffsetDateTime.parse(c.getJsonObject("deadlines").getString("resolveBy"))))
          .isEqualTo(Duration.ofMinutes(240));
      // the new worker responds within 15 minutes of the correction
      assertThat(OffsetDateTime.parse(c.getJsonObject("deadlines").getString("respondBy"))).isAfter(created.plusMinutes(14));
      assertThat(db.count("SELECT count(*) FROM deadlines WHERE ticket_id = $1::uuid AND clock = 'resolve' AND state = 'active'"
          + " AND deadline_at = $2", id, OffsetDateTime.parse(c.getJsonObject("deadlines").getString("resolveBy")))).isEqualTo(1);

      JsonObject frame = terminal.next(f -> id.equals(f.getString("ticketId")) && "corrected".equals(f.getString("type")), 10);
      assertThat(frame.getJsonObject("ticket").getString("assigneeId")).isEqualTo(api.userId(newWorker));

      JsonObject event = api.get("/api/v1/tickets/" + id + "/events", api.login("dispatcher")).array().stream()
          .map(o -> (JsonObject) o).filter(e -> e.getString("type").equals("corrected")).findFirst().orElseThrow();
      assertThat(event.getJsonObject("data").getJsonObject("before").getString("gridId")).isEqualTo("yhq-03");
      assertThat(event.getJsonObject("data").getJsonObject("after").getString("gridId")).isEqualTo("yhq-02");
    }

    // the old grid's worker no longer sees it; the new one does
    assertThat(api.get("/api/v1/tickets/" + id, api.login("worker-yhq-03")).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/tickets/" + id, newWorker).status()).isEqualTo(200);
    // the duplicate index knows it under its new category and place
    JsonObject again = api.file("13811112222", Api.exactReport("gas_leak", to.getDouble("lat"), to.getDouble("lon"), TEXT));
    assertThat(id.equals(again.getString("duplicateOf")) || again.getJsonArray("duplicateCandidates").contains(id))
        .as(again.encode()).isTrue();
  }

  @Test
  void wrongRolesAreRefusedAndBadInputChangesNothing() {
    JsonObject p = Points.of("yhq-03");
    JsonObject t = api.file("13800000002", Api.report("noise", p.getDouble("lat"), p.getDouble("lon"), "夜里施工很吵"));
    String id = t.getString("id");
    JsonObject fix = new JsonObject().put("category", "illegal_construction").put("reason", "是违建施工");

    assertThat(api.act(id, "correct", api.login("worker-yhq-03"), fix).status()).isEqualTo(403);
    assertThat(api.act(id, "correct", api.login("supervisor"), fix).status()).isEqualTo(403);
    assertThat(api.act(id, "correct", api.resident("13800000002"), fix).status()).isEqualTo(403);
    assertThat(api.act(id, "correct", api.login("dispatcher"), new JsonObject().put("reason", "x")).status()).isEqualTo(400);
    Api.Response unknown = api.act(id, "correct", api.login("dispatcher"), fix.copy().put("category", "dragons"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().getJsonObject("error").getJsonObject("fields").getString("category")).isEqualTo("unknown category");

    JsonObject after = api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json();
    assertThat(after.getInteger("version")).isEqualTo(t.getInteger("version"));
    assertThat(after.getString("category")).isEqualTo("noise");
    assertThat(after.getJsonObject("deadlines")).isEqualTo(t.getJsonObject("deadlines"));
  }
}
