package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.griddispatch.workflow.Fixtures.*;

/** A terminal's "seen", and the unseen alert of an urgent ticket (the seen clock's step), decided without a database. */
class FieldActionsTest {
  private final Action seen = FieldActions.seen();
  private final Action step = DeadlineActions.step();

  private static JsonObject urgentUnseen() {
    return ticket("assigned").category("gas_leak").json().put("priority", "urgent").put("assignedAt", iso(NOW.minusMinutes(2)))
        .put("assigneeSeenAt", null).put("unseenAlertAt", null).put("seenBy", new JsonArray()).put("alertedIds", new JsonArray());
  }

  @Test
  void theAssigneesFirstSeenIsAnEventAndMarksTheTicketSeenByThem() {
    Change c = seen.apply(worker(), urgentUnseen(), new JsonObject(), context());
    assertThat(eventTypes(c)).containsExactly("seen");
    assertThat(eventData(c, "seen").getBoolean("assignee")).isTrue();
    assertThat(timeColumn(c, "assignee_seen_at")).isEqualTo(NOW);
    assertThat(c.expressions()).containsKey("seen_by");
    assertThat(c.bumpsVersion()).isFalse();
  }

  @Test
  void someoneElsesFirstSeenIsAnEventOnlyAndASecondIsRefused() {
    JsonObject t = urgentUnseen();
    Change c = seen.apply(dispatcher(), t, new JsonObject(), context());
    assertThat(eventTypes(c)).containsExactly("seen");
    assertThat(c.columns()).doesNotContainKey("assignee_seen_at");
    t.getJsonArray("seenBy").add(new JsonObject().put("userId", dispatcher().id()));
    assertThatThrownBy(() -> seen.apply(dispatcher(), t, new JsonObject(), context()))
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("already_seen"));
  }

  @Test
  void theAlertTellsTheBackupsAndTheOutboxAndLeavesTheVersion() {
    JsonObject t = urgentUnseen();
    JsonObject in = input(step, new JsonObject().put("deadlineId", 7).put("step", "alert").put("clock", "seen")
        .put("deadline", iso(NOW))).put("backups", new JsonArray().add(new JsonObject().put("id", OTHER_WORKER).put("name", "网格员乙")));
    assertThat(step.refuse(system(), t, in, context())).isNull();
    Change c = step.apply(system(), t, in, context());
    assertThat(eventTypes(c)).containsExactly("unseen_alert");
    assertThat(eventData(c, "unseen_alert").getJsonArray("notifyIds")).containsExactly(WORKER, OTHER_WORKER);
    assertThat(timeColumn(c, "unseen_alert_at")).isEqualTo(NOW);
    assertThat((String[]) c.columns().get("alerted_ids")).containsExactly(OTHER_WORKER);
    assertThat(c.topics()).containsExactly("user:" + OTHER_WORKER);
    assertThat(c.fired()).containsExactly(new Change.FiredStep(7, "alert"));
    assertThat(c.bumpsVersion()).isFalse();
  }

  @Test
  void noAlertOnceSeenSignedForOrAlready() {
    JsonObject in = input(step, new JsonObject().put("deadlineId", 7).put("step", "alert").put("clock", "seen").put("deadline", iso(NOW)));
    assertThat(step.refuse(system(), urgentUnseen().put("assigneeSeenAt", iso(NOW)), in, context())).isNotNull();
    assertThat(step.refuse(system(), urgentUnseen().put("status", "accepted"), in, context())).isNotNull();
    assertThat(step.refuse(system(), urgentUnseen().put("unseenAlertAt", iso(NOW)), in, context())).isNotNull();
    assertThat(step.refuse(system(), urgentUnseen().put("priority", "normal"), in, context())).isNotNull();
  }
}
