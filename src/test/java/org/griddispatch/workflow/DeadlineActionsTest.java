package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.griddispatch.workflow.Fixtures.*;

/** 延期, 督办 and the clocks' steps, decided without a database. */
class DeadlineActionsTest {
  private final Action extend = DeadlineActions.extend();
  private final Action approve = DeadlineActions.approveExtension();
  private final Action refuseExtension = DeadlineActions.refuseExtension();
  private final Action urge = DeadlineActions.urge();
  private final Action step = DeadlineActions.step();

  private static JsonObject asking(OffsetDateTime until) {
    return input(DeadlineActions.extend(), new JsonObject().put("until", until.toString()).put("reason", "等配件"));
  }

  private static void assertInvalidUntil(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiError.class, e -> {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.fields().getString("until")).isEqualTo(message);
    });
  }

  @Test
  void extendReadsAnIsoTimeWithOffsetAndAReason() {
    assertThat(bodyErrors(extend, new JsonObject())).containsEntry("until", "required").containsEntry("reason", "required");
    assertThat(bodyErrors(extend, new JsonObject().put("until", "next Monday").put("reason", "x")))
        .containsEntry("until", "an ISO-8601 date-time with offset");
    assertThat(bodyErrors(extend, new JsonObject().put("until", "2026-12-01T10:00:00").put("reason", "x")))
        .as("no offset").containsEntry("until", "an ISO-8601 date-time with offset");
    assertThat(input(extend, new JsonObject().put("until", "2026-12-01T18:00:00+08:00").put("reason", "x")).getString("until"))
        .isEqualTo("2026-12-01T10:00:00Z");
  }

  @Test
  void extendRecordsTheRequest() {
    JsonObject t = ticket("accepted").resolveBy(NOW.plusDays(1)).json();
    JsonObject in = asking(NOW.plusDays(5));

    assertThat(extend.refuse(worker(), t, in, context())).isNull();
    Change c = extend.apply(worker(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(c.bumpsVersion()).isTrue();
    assertThat(eventTypes(c)).containsExactly("extension_requested");
    assertThat(eventData(c, "extension_requested").getString("until")).isEqualTo(iso(NOW.plusDays(5)));
    assertThat(eventData(c, "extension_requested").getString("reason")).isEqualTo("等配件");
    assertThat(timeColumn(c, "extension_until")).isAtSameInstantAs(NOW.plusDays(5));
    assertThat(c.columns()).containsEntry("extension_reason", "等配件").containsEntry("extension_requested_by", WORKER);
  }

  @Test
  void extendIsRefusedWhileARequestWaits() {
    JsonObject t = ticket("accepted").extensionRequested(NOW.plusDays(4), "等配件").json();

    assertThat(extend.refuse(worker(), t, asking(NOW.plusDays(5)), context()))
        .isEqualTo("An extension request is already waiting for a decision");
  }

  @Test
  void extendIsRefusedOnceTheDeadlineHasCome() {
    JsonObject t = ticket("accepted").resolveBy(NOW).json();

    assertThat(extend.refuse(worker(), t, asking(NOW.plusDays(5)), context())).isEqualTo("The deadline has passed: ask before it");
    assertThat(extend.refuse(worker(), t, asking(NOW.plusDays(5)), context(NOW.minusMinutes(1)))).isNull();
  }

  @Test
  void extendMustAskForALaterDeadlineWithinNinetyDays() {
    OffsetDateTime deadline = NOW.plusDays(1);
    JsonObject t = ticket("whistled").resolveBy(deadline).json();

    assertInvalidUntil(() -> extend.refuse(deptStaff("urban"), t, asking(deadline), context()),
        "must be after the current deadline " + iso(deadline));
    assertInvalidUntil(() -> extend.refuse(deptStaff("urban"), t, asking(NOW.plusDays(90).plusMinutes(1)), context()),
        "at most 90 days ahead");
    assertThat(extend.refuse(deptStaff("urban"), t, asking(NOW.plusDays(90)), context())).isNull();
  }

  @Test
  void approveExtensionSetsResolveByToTheRequestedTime() {
    OffsetDateTime until = at("2026-12-04T17:30");
    OffsetDateTime before = NOW.plusDays(1);
    JsonObject t = ticket("accepted").resolveBy(before).extensionRequested(until, "等配件").json();
    JsonObject in = input(approve, new JsonObject().put("note", "同意"));

    assertThat(approve.refuse(supervisor(), t, in, context())).isNull();
    Change c = approve.apply(supervisor(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(until);
    assertThat(c.columns()).containsEntry("extension_until", null).containsEntry("extension_reason", null)
        .containsEntry("extension_requested_by", null);
    assertThat(eventTypes(c)).containsExactly("extension_approved");
    JsonObject data = eventData(c, "extension_approved");
    assertThat(data.getString("until")).isEqualTo(iso(until));
    assertThat(data.getString("from")).isEqualTo(iso(before));
    assertThat(data.getString("note")).isEqualTo("同意");
  }

  @Test
  void refuseExtensionKeepsTheDeadlineAndDropsTheRequest() {
    OffsetDateTime until = at("2026-12-04T17:30");
    JsonObject t = ticket("accepted").extensionRequested(until, "等配件").json();
    JsonObject in = input(refuseExtension, new JsonObject().put("reason", "时间够用"));

    assertThat(refuseExtension.refuse(supervisor(), t, in, context())).isNull();
    Change c = refuseExtension.apply(supervisor(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(c.columns()).doesNotContainKey("resolve_by").containsEntry("extension_until", null)
        .containsEntry("extension_reason", null).containsEntry("extension_requested_by", null);
    assertThat(eventTypes(c)).containsExactly("extension_refused");
    assertThat(eventData(c, "extension_refused").getString("reason")).isEqualTo("时间够用");
    assertThat(eventData(c, "extension_refused").getString("until")).isEqualTo(iso(until));
    assertThat(bodyErrors(refuseExtension, new JsonObject())).containsEntry("reason", "required");
  }

  @Test
  void decidingAnExtensionIsRefusedWhenNoneWaits() {
    JsonObject t = ticket("accepted").json();

    assertThat(approve.refuse(supervisor(), t, new JsonObject(), context())).isEqualTo("No extension request is waiting");
    assertThat(refuseExtension.refuse(supervisor(), t, new JsonObject().put("reason", "x"), context()))
        .isEqualTo("No extension request is waiting");
  }

  @Test
  void urgeOnlyAddsToTheTimeline() {
    Change c = urge.apply(supervisor(), ticket("accepted").json(), input(urge, new JsonObject().put("note", "请今日办结")), context());

    assertThat(c.status()).isNull();
    assertThat(c.bumpsVersion()).isFalse();
    assertThat(c.columns()).isEmpty();
    assertThat(eventTypes(c)).containsExactly("urged");
    assertThat(eventData(c, "urged").getString("note")).isEqualTo("请今日办结");
    assertThat(bodyErrors(urge, new JsonObject())).containsEntry("note", "required");
  }

  private static JsonObject stepBody(String step) {
    return new JsonObject().put("deadlineId", 41).put("step", step).put("clock", "resolve")
        .put("deadline", iso(NOW.minusHours(1))).put("firedBy", "node-a");
  }

  @ParameterizedTest
  @CsvSource({"warn, sla_warning", "overdue, sla_overdue", "supervise, sla_supervised", "notify, sla_notified"})
  void eachLadderStepWritesItsEventAndMovesTheClockOn(String ladderStep, String event) {
    JsonObject t = ticket("accepted").json();
    JsonObject in = input(step, stepBody(ladderStep));

    assertThat(step.refuse(system(), t, in, context())).isNull();
    Change c = step.apply(system(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(c.columns()).isEmpty();
    assertThat(eventTypes(c)).containsExactly(event);
    JsonObject data = eventData(c, event);
    assertThat(data.getString("clock")).isEqualTo("resolve");
    assertThat(data.getString("deadline")).isEqualTo(iso(NOW.minusHours(1)));
    assertThat(data.getString("step")).isEqualTo(ladderStep);
    assertThat(data.getString("firedBy")).isEqualTo("node-a");
    assertThat(data.containsKey("deptId")).isFalse();
    assertThat(c.fired()).containsExactly(new org.griddispatch.ticket.Change.FiredStep(41, ladderStep));
  }

  @Test
  void aReportInStepNamesItsDepartment() {
    JsonObject t = ticket("whistled").called("urban", NOW.minusMinutes(1)).json();
    JsonObject in = input(step, stepBody("overdue").put("clock", "report_in").put("deptId", "urban"));

    Change c = step.apply(system(), t, in, context());

    assertThat(eventData(c, "sla_overdue").getString("clock")).isEqualTo("report_in");
    assertThat(eventData(c, "sla_overdue").getString("deptId")).isEqualTo("urban");
  }

  @Test
  void theCloseStepClosesAResolvedTicket() {
    JsonObject t = ticket("resolved").resolvedAt(NOW.minusHours(72)).json();
    JsonObject in = input(step, stepBody("close").put("clock", "rating").put("deadlineId", 7));

    assertThat(step.refuse(system(), t, in, context())).isNull();
    Change c = step.apply(system(), t, in, context());

    assertThat(c.status()).isEqualTo("closed");
    assertThat(c.columns()).containsEntry("closed_at", NOW);
    assertThat(eventTypes(c)).containsExactly("closed");
    assertThat(eventData(c, "closed").getString("reason")).isEqualTo("rating window ended");
    assertThat(eventData(c, "closed").getString("clock")).isEqualTo("rating");
    assertThat(c.fired()).containsExactly(new Change.FiredStep(7, "close"));
  }

  @Test
  void theCloseStepIsRefusedUnlessTheTicketIsResolved() {
    JsonObject in = input(step, stepBody("close").put("clock", "rating"));

    for (String status : new String[] {"reopened", "accepted", "closed"}) {
      assertThat(step.refuse(system(), ticket(status).json(), in, context())).as(status)
          .isEqualTo("Only a resolved ticket closes when its rating window ends");
    }
  }

  @Test
  void aStepNeedsItsClockRowAndAKnownStep() {
    assertThat(bodyErrors(step, new JsonObject().put("deadlineId", "41").put("step", "later").put("clock", "resolve")
        .put("deadline", iso(NOW))))
        .containsEntry("deadlineId", "the clock's row").containsKey("step");
    assertThat(bodyErrors(step, new JsonObject())).containsKeys("deadlineId", "step", "clock", "deadline");
  }
}
