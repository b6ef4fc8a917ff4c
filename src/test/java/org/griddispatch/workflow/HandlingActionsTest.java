package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.griddispatch.workflow.Fixtures.*;

/** The handler's own steps, decided without a database: accept, resolve, hold, resume, comment. */
class HandlingActionsTest {
  private final Action accept = HandlingActions.accept();
  private final Action resolve = HandlingActions.resolve();
  private final Action hold = HandlingActions.hold();
  private final Action resume = HandlingActions.resume();
  private final Action comment = HandlingActions.comment();

  @Test
  void acceptMovesToAcceptedAndStopsTheResponseClock() {
    JsonObject t = ticket("assigned").json();

    assertThat(accept.refuse(worker(), t, new JsonObject(), context())).isNull();
    Change c = accept.apply(worker(), t, new JsonObject(), context());

    assertThat(c.status()).isEqualTo("accepted");
    assertThat(c.bumpsVersion()).isTrue();
    assertThat(eventTypes(c)).containsExactly("accepted");
    assertThat(c.columns()).containsEntry("responded_at", NOW).hasSize(1);
  }

  @Test
  void resolveNeedsANote() {
    assertThat(bodyErrors(resolve, new JsonObject())).containsEntry("note", "required");
    assertThat(bodyErrors(resolve, new JsonObject().put("note", "   "))).containsEntry("note", "must not be empty");
    assertThat(input(resolve, new JsonObject().put("note", " 已修复 ")).getString("note")).isEqualTo("已修复");
  }

  @Test
  void resolveByTheWorkerSetsResolvedAtAndEndsAHoldAndAPendingExtension() {
    JsonObject t = ticket("accepted").onHoldSince(NOW.minusHours(1)).extensionRequested(NOW.plusDays(5), "等配件").json();
    JsonObject in = new JsonObject().put("note", "已修复");

    assertThat(resolve.refuse(worker(), t, in, context())).isNull();
    Change c = resolve.apply(worker(), t, in, context());

    assertThat(c.status()).isEqualTo("resolved");
    assertThat(eventTypes(c)).containsExactly("resolved");
    assertThat(eventData(c, "resolved").getString("note")).isEqualTo("已修复");
    assertThat(c.columns()).containsEntry("resolved_at", NOW).containsEntry("on_hold", false)
        .containsEntry("held_at", null).containsEntry("extension_until", null).containsEntry("extension_reason", null)
        .containsEntry("extension_requested_by", null);
    assertThat(c.statements()).as("a worker has no department part to finish").isEmpty();
  }

  @Test
  void resolveIsRefusedWhileAWhistledDepartmentHasNotReported() {
    JsonObject t = ticket("whistled")
        .called("urban", NOW.plusHours(2)).reported("urban", NOW.minusHours(1))
        .called("water", NOW.plusHours(2))
        .called("power", NOW.plusHours(2)).released("power", NOW.minusMinutes(5))
        .called("police", NOW.plusHours(2))
        .json();

    assertThat(resolve.refuse(worker(), t, new JsonObject().put("note", "好了"), context()))
        .isEqualTo("Waiting for departments to report in: water, police");
  }

  @Test
  void resolveIsAllowedOnceEveryWhistledDepartmentReportedOrWasReleased() {
    JsonObject t = ticket("whistled")
        .called("urban", NOW.plusHours(2)).reported("urban", NOW.minusHours(1))
        .called("power", NOW.plusHours(2)).released("power", NOW.minusMinutes(5))
        .json();

    assertThat(resolve.refuse(worker(), t, new JsonObject().put("note", "好了"), context())).isNull();
  }

  @Test
  void aDepartmentResolvingAlsoFinishesItsPart() {
    JsonObject t = ticket("whistled").called("urban", NOW.plusHours(2)).reported("urban", NOW.minusHours(1)).json();
    JsonObject in = new JsonObject().put("note", "路面已修补");

    assertThat(resolve.refuse(deptStaff("urban"), t, in, context())).isNull();
    Change c = resolve.apply(deptStaff("urban"), t, in, context());

    assertThat(c.status()).isEqualTo("resolved");
    assertThat(c.columns()).containsEntry("resolved_at", NOW);
    assertThat(c.statements()).singleElement(STRING)
        .startsWith("UPDATE ticket_departments SET finished_at = coalesce(finished_at, $3)");
  }

  @Test
  void holdPausesWithoutChangingTheStatus() {
    JsonObject t = ticket("accepted").json();
    JsonObject in = input(hold, new JsonObject().put("reason", "居民周末才在家"));

    assertThat(hold.refuse(worker(), t, in, context())).isNull();
    Change c = hold.apply(worker(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(c.bumpsVersion()).isTrue();
    assertThat(eventTypes(c)).containsExactly("held");
    assertThat(eventData(c, "held").getString("reason")).isEqualTo("居民周末才在家");
    assertThat(c.columns()).containsEntry("on_hold", true).containsEntry("held_at", NOW);
  }

  @Test
  void holdIsRefusedWhenAlreadyOnHoldAndNeedsAReason() {
    JsonObject t = ticket("accepted").onHoldSince(NOW.minusHours(1)).json();
    assertThat(hold.refuse(worker(), t, new JsonObject().put("reason", "x"), context())).isEqualTo("Already on hold");
    assertThat(bodyErrors(hold, new JsonObject())).containsEntry("reason", "required");
  }

  @Test
  void resumeIsRefusedWhenNotOnHold() {
    assertThat(resume.refuse(worker(), ticket("accepted").json(), new JsonObject(), context())).isEqualTo("Not on hold");
    assertThat(resume.refuse(worker(), ticket("accepted").onHoldSince(NOW.minusHours(1)).json(), new JsonObject(), context()))
        .isNull();
  }

  @Test
  void resumeMovesTheResolveByOnByTheCalendarTimeOnHoldForACalendarClock() {
    OffsetDateTime resolveBy = NOW.plusHours(1);
    JsonObject t = ticket("accepted").category("gas_leak").resolveBy(resolveBy).onHoldSince(NOW.minusMinutes(130)).json();

    Change c = resume.apply(worker(), t, new JsonObject(), context());

    OffsetDateTime expected = resolveBy.plusMinutes(130);
    assertThat(c.status()).isNull();
    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(expected);
    assertThat(c.columns()).containsEntry("on_hold", false).containsEntry("held_at", null);
    assertThat(eventTypes(c)).containsExactly("resumed");
    assertThat(eventData(c, "resumed").getString("resolveBy")).isEqualTo(iso(expected));
    assertThat(eventData(c, "resumed").getString("heldSince")).isEqualTo(iso(NOW.minusMinutes(130)));
  }

  @Test
  void resumeMovesTheResolveByOnByTheWorkingTimeOnHoldForAWorkingClock() {
    // held Friday 17:00, resumed Monday 10:00: 30 working minutes on Friday and 60 on Monday
    OffsetDateTime monday = at("2026-11-30T10:00");
    JsonObject t = ticket("accepted").category("road_damage").resolveBy(at("2026-12-01T10:00"))
        .onHoldSince(at("2026-11-27T17:00")).json();

    Change c = resume.apply(worker(), t, new JsonObject(), context(monday));

    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(at("2026-12-01T11:30"));
    assertThat(eventData(c, "resumed").getString("resolveBy")).isEqualTo(iso(at("2026-12-01T11:30")));
  }

  @Test
  void resumeAfterAHoldOfNoWorkingTimeKeepsTheResolveBy() {
    // resolve-by Friday 17:30, the end of a working day; held Saturday, resumed Sunday
    OffsetDateTime resolveBy = at("2026-11-27T17:30");
    JsonObject t = ticket("accepted").category("road_damage").resolveBy(resolveBy).onHoldSince(at("2026-11-28T10:00")).json();

    Change c = resume.apply(worker(), t, new JsonObject(), context(at("2026-11-29T10:00")));

    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(resolveBy);
  }

  @Test
  void resumeCountsWorkingTimeForAServiceRequest() {
    // held Wednesday 16:00, resumed Thursday 10:00: 90 + 60 working minutes, so 16:00 on 10 Dec becomes 10:00 on 11 Dec
    JsonObject t = ticket("accepted").service("childcare_subsidy").resolveBy(at("2026-12-10T16:00"))
        .onHoldSince(at("2026-11-25T16:00")).json();

    Change c = resume.apply(worker(), t, new JsonObject(), context());

    assertThat(timeColumn(c, "resolve_by")).isAtSameInstantAs(at("2026-12-11T10:00"));
  }

  @Test
  void commentOnlyAddsToTheTimeline() {
    JsonObject t = ticket("closed").json();
    JsonObject in = input(comment, new JsonObject().put("text", "谢谢"));

    Change c = comment.apply(resident(REPORTER), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(c.bumpsVersion()).isFalse();
    assertThat(c.columns()).isEmpty();
    assertThat(eventTypes(c)).containsExactly("commented");
    assertThat(eventData(c, "commented").getString("text")).isEqualTo("谢谢");
    assertThat(bodyErrors(comment, new JsonObject())).containsEntry("text", "required");
  }
}
