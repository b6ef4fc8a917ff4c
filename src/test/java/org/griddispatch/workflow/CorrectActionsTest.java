package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.ticket.Change;
import org.griddispatch.ticket.Vocabulary;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.workflow.Fixtures.*;

/** The centre's correction of a ticket, decided without a database (its routing looked up beforehand). */
class CorrectActionsTest {
  private final Action correct = CorrectActions.correct();

  /** A ticket filed on Wednesday 25 Nov 10:00, its clock started then. */
  private static JsonObject filed(String status) {
    return ticket(status).category("road_damage").json().put("createdAt", iso(at("2026-11-25T10:00")))
        .put("location", new JsonObject().put("lat", 31.46).put("lon", 104.74)).put("address", "旧地址");
  }

  private static JsonObject prepared(JsonObject body, String clockStart) {
    return input(CorrectActions.correct(), body).put("clockStart", iso(at(clockStart)));
  }

  @Test
  void aCorrectionNeedsAReasonAndSomethingToCorrect() {
    assertThat(bodyErrors(correct, new JsonObject().put("reason", "x")))
        .containsEntry("category", "give at least one of category, location, address, priority");
    assertThat(bodyErrors(correct, new JsonObject().put("category", "gas_leak"))).containsEntry("reason", "required");
    assertThat(bodyErrors(correct, new JsonObject().put("reason", "x").put("location", new JsonObject().put("lat", 95).put("lon", 1))))
        .containsEntry("location.lat", "must be between -90.0 and 90.0");
    assertThat(bodyErrors(correct, new JsonObject().put("reason", "x").put("priority", "asap")))
        .containsEntry("priority", "must be one of high, low, normal, urgent");
    assertThat(bodyErrors(correct, new JsonObject().put("reason", "x").put("status", "closed"))).containsEntry("status", "unknown field");
    assertThat(Vocabulary.allowedActions(dispatcher(), filed("accepted"))).contains("correct");
    assertThat(Vocabulary.allowedActions(worker(), filed("accepted"))).doesNotContain("correct");
    assertThat(Vocabulary.allowedActions(dispatcher(), filed("closed"))).doesNotContain("correct");
  }

  @Test
  void aNewCategoryCountsItsDurationsFromWhenTheClockStarted() {
    // gas_leak: respond in 15, resolve in 240 calendar minutes, urgent
    JsonObject t = filed("assigned");
    JsonObject in = prepared(new JsonObject().put("category", "gas_leak").put("reason", "其实是燃气泄漏"), "2026-11-25T10:00");

    Change c = correct.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("corrected");
    JsonObject data = eventData(c, "corrected");
    assertThat(data.getJsonObject("before").getString("category")).isEqualTo("road_damage");
    assertThat(data.getJsonObject("after").getString("category")).isEqualTo("gas_leak");
    assertThat(data.getString("reason")).isEqualTo("其实是燃气泄漏");
    assertThat(c.columns()).containsEntry("category", "gas_leak").containsEntry("priority", "urgent").doesNotContainKey("grid_id");
    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(at("2026-11-25T14:00"));
    assertThat(timeColumn(c, "respond_by")).isAtSameInstantAs(at("2026-11-25T10:15"));
  }

  @Test
  void aReopenedTicketsClockCountsFromItsReopening() {
    JsonObject t = filed("reopened");
    JsonObject in = prepared(new JsonObject().put("category", "gas_leak").put("reason", "x"), "2026-11-26T09:00");

    assertThat(timeColumn(correct.apply(dispatcher(), t, in, context()), "resolve_by")).isAtSameInstantAs(at("2026-11-26T13:00"));
  }

  @Test
  void aPointInAnotherGridGoesToThatGridsWorkerWithAFreshResponseDeadline() {
    // road_damage: respond in 120 working minutes
    JsonObject t = filed("accepted").put("respondedAt", iso(at("2026-11-25T10:30")));
    JsonObject in = prepared(new JsonObject().put("location", new JsonObject().put("lat", 31.47).put("lon", 104.75))
        .put("reason", "地址填错了"), "2026-11-25T10:00").put("gridId", "yhq-01").put("assigneeId", "u-yhq").put("assigneeName", "梁志刚");

    Change c = correct.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isEqualTo("assigned");
    assertThat(c.columns()).containsEntry("grid_id", "yhq-01").containsEntry("assignee_id", "u-yhq").containsEntry("responded_at", null)
        .containsEntry("lat", 31.47).containsEntry("lon", 104.75).containsEntry("category", "road_damage");
    assertThat(timeColumn(c, "respond_by")).isAtSameInstantAs(NOW.plusHours(2));
    assertThat(eventData(c, "corrected").getJsonObject("before").getString("gridId")).isEqualTo(GRID);
    assertThat(eventData(c, "corrected").getJsonObject("after").getString("assigneeId")).isEqualTo("u-yhq");
  }

  @Test
  void aPointOutsideEveryGridOrWithNobodyOnDutyGoesToTheCentresQueue() {
    JsonObject t = filed("assigned");
    JsonObject in = prepared(new JsonObject().put("location", new JsonObject().put("lat", 1).put("lon", 1)).put("reason", "x"),
        "2026-11-25T10:00").putNull("gridId");

    Change c = correct.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isEqualTo("received");
    assertThat(c.columns()).containsEntry("grid_id", null).containsEntry("assignee_id", null);
  }

  @Test
  void aPointInTheSameGridKeepsItsWorkerAndDeadlines() {
    JsonObject t = filed("accepted");
    JsonObject in = prepared(new JsonObject().put("location", new JsonObject().put("lat", 31.461).put("lon", 104.741))
        .put("address", "新地址").put("reason", "x"), "2026-11-25T10:00").put("gridId", GRID);

    Change c = correct.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(c.columns()).containsEntry("address", "新地址").doesNotContainKeys("grid_id", "assignee_id", "responded_at");
    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(time(t, "resolveBy"));
  }

  @Test
  void aServiceRequestHasNoCategoryToCorrect() {
    JsonObject t = ticket("assigned").service("childcare_subsidy").json();

    assertThat(correct.refuse(dispatcher(), t, new JsonObject().put("category", "garbage"), context()))
        .isEqualTo("A one-window service request has no category to correct");
  }

  private static java.time.OffsetDateTime time(JsonObject t, String deadline) {
    return java.time.OffsetDateTime.parse(t.getJsonObject("deadlines").getString(deadline));
  }
}
