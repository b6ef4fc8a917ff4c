package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.griddispatch.workflow.Fixtures.*;

/** 退单 and re-dispatch, decided without a database: return, reject-return, reassign, cancel. */
class DispatchActionsTest {
  private final Action returnTicket = DispatchActions.returnTicket();
  private final Action rejectReturn = DispatchActions.rejectReturn();
  private final Action reassign = DispatchActions.reassign();
  private final Action cancel = DispatchActions.cancel();

  @Test
  void returnSendsTheTicketToTheCentreRememberingWhereItWas() {
    JsonObject t = ticket("accepted").returnCount(1).onHoldSince(NOW.minusHours(1)).json();
    JsonObject in = input(returnTicket, new JsonObject().put("reason", "不属于本网格"));

    assertThat(returnTicket.refuse(worker(), t, in, context())).isNull();
    Change c = returnTicket.apply(worker(), t, in, context());

    assertThat(c.status()).isEqualTo("returned");
    assertThat(eventTypes(c)).containsExactly("returned");
    assertThat(eventData(c, "returned").getString("reason")).isEqualTo("不属于本网格");
    assertThat(c.columns()).containsEntry("returned_from", "accepted").containsEntry("return_reason", "不属于本网格")
        .containsEntry("return_count", 2).containsEntry("on_hold", false).containsEntry("held_at", null)
        .containsEntry("extension_until", null);
    assertThat(bodyErrors(returnTicket, new JsonObject())).containsEntry("reason", "required");
  }

  @Test
  void rejectReturnGivesItBackInTheStateItLeft() {
    JsonObject t = ticket("returned").returnedFrom("accepted").json();
    JsonObject in = input(rejectReturn, new JsonObject().put("reason", "属于本网格"));

    assertThat(rejectReturn.refuse(dispatcher(), t, in, context())).isNull();
    Change c = rejectReturn.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isEqualTo("accepted");
    assertThat(eventTypes(c)).containsExactly("return_rejected");
    assertThat(eventData(c, "return_rejected").getString("reason")).isEqualTo("属于本网格");
    assertThat(c.columns()).containsEntry("returned_from", null);
  }

  @Test
  void rejectReturnWithoutARecordedStateGivesItBackAssigned() {
    Change c = rejectReturn.apply(dispatcher(), ticket("returned").json(), new JsonObject().put("reason", "x"), context());

    assertThat(c.status()).isEqualTo("assigned");
  }

  @Test
  void rejectReturnIsRefusedWhenNobodyHadTheTicket() {
    JsonObject t = ticket("returned").assignee(null).json();

    assertThat(rejectReturn.refuse(dispatcher(), t, new JsonObject().put("reason", "x"), context()))
        .isEqualTo("Nobody to give it back to: reassign it");
  }

  @Test
  void reassignNeedsExactlyOneTarget() {
    String message = "give exactly one of gridId, assigneeId, deptId";
    assertThat(bodyErrors(reassign, new JsonObject())).containsEntry("gridId", message);
    assertThat(bodyErrors(reassign, new JsonObject().put("gridId", "jgm-01").put("deptId", "urban"))).containsEntry("gridId", message);
    assertThat(bodyErrors(reassign, new JsonObject().put("gridId", "jgm-01").put("assigneeId", "u").put("deptId", "urban")))
        .containsEntry("gridId", message);
    assertThat(bodyErrors(reassign, new JsonObject().put("assigneeId", "u-worker-2"))).isEmpty();
    assertThat(bodyErrors(reassign, new JsonObject().put("deptId", "urban").put("reason", "直派"))).isEmpty();
    // a target of the wrong type is reported as itself, not as a missing target
    assertThat(bodyErrors(reassign, new JsonObject().put("assigneeId", 5))).containsOnlyKeys("assigneeId");
  }

  @Test
  void reassignBodyErrorsAre400BeforeAnythingIsLocked() {
    Actions actions = new Actions(() -> CATALOG, CONFIG);

    assertThatThrownBy(() -> actions.decision("reassign", new JsonObject().put("gridId", "a").put("assigneeId", "b")))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.fields().getString("gridId")).isEqualTo("give exactly one of gridId, assigneeId, deptId");
        });
  }

  @Test
  void reassignToAnUnknownDepartmentFailsItsLookupAndAKnownOneNeedsNone() {
    JsonObject t = ticket("accepted").json();

    assertThat(reassign.prepare(null, dispatcher(), t, new JsonObject().put("deptId", "fire"), context()).cause())
        .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.fields().getString("deptId")).isEqualTo("unknown department"));
    assertThat(reassign.prepare(null, dispatcher(), t, new JsonObject().put("deptId", "urban"), context()).result())
        .isEqualTo(new JsonObject().put("deptId", "urban"));
  }

  @Test
  void reassignToAWorkerRestartsTheResponseClockInWorkingTime() {
    // road_damage: respondMinutes 120 of working time
    JsonObject t = ticket("accepted").category("road_damage").onHoldSince(NOW.minusHours(1)).returnedFrom("assigned").json();
    JsonObject in = new JsonObject().put("assigneeId", OTHER_WORKER).put("gridId", "jgm-04").put("assigneeName", "网格员乙")
        .put("reason", "换人");

    Change c = reassign.apply(dispatcher(), t, in, context(at("2026-11-27T17:00")));

    assertThat(c.status()).isEqualTo("assigned");
    assertThat(c.columns()).containsEntry("grid_id", "jgm-04").containsEntry("assignee_id", OTHER_WORKER)
        .containsEntry("responded_at", null).containsEntry("returned_from", null).containsEntry("on_hold", false)
        .containsEntry("held_at", null);
    // Friday 17:00 + 2 working hours: 30 minutes on Friday, 90 on Monday
    assertThat(timeColumn(c, "respond_by")).isAtSameInstantAs(at("2026-11-30T10:30"));
    assertThat(eventTypes(c)).containsExactly("reassigned");
    JsonObject data = eventData(c, "reassigned");
    assertThat(data.getString("fromGridId")).isEqualTo(GRID);
    assertThat(data.getString("fromAssigneeId")).isEqualTo(WORKER);
    assertThat(data.getString("gridId")).isEqualTo("jgm-04");
    assertThat(data.getString("assigneeId")).isEqualTo(OTHER_WORKER);
    assertThat(data.getString("assigneeName")).isEqualTo("网格员乙");
    assertThat(data.getString("reason")).isEqualTo("换人");
  }

  @Test
  void reassignOfAnUrgentTicketGivesItsCalendarResponseTime() {
    JsonObject t = ticket("returned").category("gas_leak").json();
    JsonObject in = new JsonObject().put("assigneeId", OTHER_WORKER).put("gridId", "jgm-04");

    Change c = reassign.apply(dispatcher(), t, in, context(at("2026-11-28T23:50")));

    assertThat(timeColumn(c, "respond_by")).isAtSameInstantAs(at("2026-11-29T00:05"));
  }

  @Test
  void reassignToADepartmentWhistlesIt() {
    JsonObject t = ticket("accepted").category("road_damage").json();
    JsonObject in = new JsonObject().put("deptId", "urban").put("reason", "直派城管");

    Change c = reassign.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isEqualTo("whistled");
    assertThat(eventTypes(c)).containsExactly("whistled");
    JsonObject data = eventData(c, "whistled");
    assertThat(data.getJsonArray("deptIds")).containsExactly("urban");
    assertThat(data.getString("reportBy")).isEqualTo(iso(NOW.plusMinutes(1440)));
    assertThat(data.getString("fromAssigneeId")).isEqualTo(WORKER);
    assertThat(data.getString("reason")).isEqualTo("直派城管");
    assertThat(c.statements()).singleElement(STRING).startsWith("INSERT INTO ticket_departments");
    assertThat((String[]) c.expressions().get("dept_ids")[1]).containsExactly("urban");
    assertThat(c.columns()).containsEntry("returned_from", null).containsEntry("on_hold", false)
        .doesNotContainKeys("assignee_id", "respond_by");
  }

  @Test
  void cancelWithdrawsAndClosesTheTicket() {
    JsonObject t = ticket("received").assignee(null).json();
    JsonObject in = input(cancel, new JsonObject().put("reason", "测试单"));

    assertThat(cancel.refuse(dispatcher(), t, in, context())).isNull();
    Change c = cancel.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isEqualTo("cancelled");
    assertThat(eventTypes(c)).containsExactly("cancelled");
    assertThat(eventData(c, "cancelled").getString("reason")).isEqualTo("测试单");
    assertThat(c.columns()).containsEntry("closed_at", NOW).containsEntry("on_hold", false);
    assertThat(bodyErrors(cancel, new JsonObject())).containsEntry("reason", "required");
  }
}
