package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.griddispatch.workflow.Fixtures.*;

/** 吹哨报到, decided without a database: whistle, report, finish, release. */
class DepartmentActionsTest {
  private final Action whistle = DepartmentActions.whistle();
  private final Action report = DepartmentActions.report();
  private final Action finish = DepartmentActions.finish();
  private final Action release = DepartmentActions.release();

  private static JsonObject calling(String... deptIds) {
    return new JsonObject().put("deptIds", new JsonArray(java.util.List.of(deptIds))).put("note", "请速来");
  }

  @Test
  void whistleNeedsAtLeastOneDepartment() {
    assertThat(bodyErrors(whistle, new JsonObject())).containsEntry("deptIds", "required");
    assertThat(bodyErrors(whistle, new JsonObject().put("deptIds", new JsonArray()))).containsEntry("deptIds", "must not be empty");
    assertThat(input(whistle, calling("urban", " urban ", "police")).getJsonArray("deptIds"))
        .containsExactly("urban", "police");
  }

  @Test
  void whistleCallsTheDepartmentsWithTheReportInDeadlineOfTheCategory() {
    // road_damage: reportInMinutes 1440, counted in calendar time
    JsonObject t = ticket("accepted").category("road_damage").json();
    JsonObject in = input(whistle, calling("urban", "police"));

    assertThat(whistle.refuse(worker(), t, in, context())).isNull();
    Change c = whistle.apply(worker(), t, in, context());

    assertThat(c.status()).isEqualTo("whistled");
    assertThat(eventTypes(c)).containsExactly("whistled");
    JsonObject data = eventData(c, "whistled");
    assertThat(data.getJsonArray("deptIds")).containsExactly("urban", "police");
    assertThat(data.getString("reportBy")).isEqualTo(iso(NOW.plusMinutes(1440)));
    assertThat(data.getString("note")).isEqualTo("请速来");
    assertThat(c.statements()).hasSize(2).allSatisfy(sql -> assertThat(sql).startsWith("INSERT INTO ticket_departments"));
    assertThat(c.expressions()).containsOnlyKeys("dept_ids");
    assertThat((String[]) c.expressions().get("dept_ids")[1]).containsExactly("urban", "police");
  }

  @Test
  void whistleOnAnUrgentCategoryGivesItsShortReportInDeadline() {
    JsonObject t = ticket("accepted").category("gas_leak").json();

    Change c = whistle.apply(worker(), t, input(whistle, calling("gas")), context());

    assertThat(eventData(c, "whistled").getString("reportBy")).isEqualTo(iso(NOW.plusMinutes(30)));
  }

  @Test
  void whistleOnAServiceRequestGivesTwoHoursToReportIn() {
    JsonObject t = ticket("accepted").service("childcare_subsidy").json();

    Change c = whistle.apply(dispatcher(), t, input(whistle, calling("civil")), context());

    assertThat(eventData(c, "whistled").getString("reportBy")).isEqualTo(iso(NOW.plusMinutes(120)));
  }

  @Test
  void whistlingAgainCallsOnlyTheFreshDepartments() {
    // 加派: urban is still at work; police was released and water finished earlier, so both are called afresh
    JsonObject t = ticket("whistled")
        .called("urban", NOW.plusHours(1)).reported("urban", NOW.minusHours(1))
        .called("police", NOW.plusHours(1)).released("police", NOW.minusHours(1))
        .called("water", NOW.plusHours(1)).reported("water", NOW.minusHours(2)).finished("water", NOW.minusHours(1))
        .json();
    JsonObject in = input(whistle, calling("urban", "police", "water", "env"));

    assertThat(whistle.refuse(dispatcher(), t, in, context())).isNull();
    Change c = whistle.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isEqualTo("whistled");
    assertThat(eventData(c, "whistled").getJsonArray("deptIds")).containsExactly("police", "water", "env");
    assertThat(c.statements()).hasSize(3);
    assertThat((String[]) c.expressions().get("dept_ids")[1]).containsExactly("police", "water", "env");
  }

  @Test
  void whistleIsRefusedWhenEveryDepartmentIsAlreadyCalled() {
    JsonObject t = ticket("whistled").called("urban", NOW.plusHours(1)).called("police", NOW.plusHours(1))
        .reported("police", NOW.minusMinutes(5)).json();

    assertThat(whistle.refuse(worker(), t, input(whistle, calling("urban", "police")), context()))
        .isEqualTo("Those departments are already called");
  }

  @Test
  void whistlingAnUnknownDepartmentIsABadRequest() {
    JsonObject t = ticket("accepted").json();

    assertThatThrownBy(() -> whistle.refuse(worker(), t, input(whistle, calling("urban", "fire")), context()))
        .isInstanceOfSatisfying(ApiError.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.fields().getString("deptIds")).isEqualTo("unknown department fire");
        });
  }

  @Test
  void reportInTimeIsNotLate() {
    JsonObject t = ticket("whistled").called("urban", NOW.plusMinutes(1)).json();
    JsonObject in = input(report, new JsonObject().put("note", "已到场"));

    assertThat(report.refuse(deptStaff("urban"), t, in, context())).isNull();
    Change c = report.apply(deptStaff("urban"), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(c.bumpsVersion()).isTrue();
    assertThat(eventTypes(c)).containsExactly("reported");
    JsonObject data = eventData(c, "reported");
    assertThat(data.getString("deptId")).isEqualTo("urban");
    assertThat(data.getString("note")).isEqualTo("已到场");
    assertThat(data.getString("reportBy")).isEqualTo(iso(NOW.plusMinutes(1)));
    assertThat(data.getBoolean("late")).isFalse();
    assertThat(c.statements()).singleElement(STRING).startsWith("UPDATE ticket_departments SET reported_at = coalesce(reported_at, $3)");
  }

  @Test
  void reportExactlyAtTheDeadlineIsNotLateButAMinuteAfterIs() {
    JsonObject t = ticket("whistled").called("urban", NOW).json();

    assertThat(eventData(report.apply(deptStaff("urban"), t, new JsonObject(), context()), "reported").getBoolean("late")).isFalse();
    assertThat(eventData(report.apply(deptStaff("urban"), t, new JsonObject(), context(NOW.plusMinutes(1))), "reported")
        .getBoolean("late")).isTrue();
  }

  @Test
  void reportIsRefusedAfterReleaseOrASecondTime() {
    JsonObject released = ticket("whistled").called("urban", NOW.plusHours(1)).released("urban", NOW.minusMinutes(1)).json();
    JsonObject reported = ticket("whistled").called("urban", NOW.plusHours(1)).reported("urban", NOW.minusMinutes(1)).json();

    assertThat(report.refuse(deptStaff("urban"), released, new JsonObject(), context()))
        .isEqualTo("Your department was released from this ticket");
    assertThat(report.refuse(deptStaff("urban"), reported, new JsonObject(), context()))
        .isEqualTo("Your department has already reported in");
  }

  @Test
  void finishRecordsTheDepartmentsPartDone() {
    JsonObject t = ticket("whistled").called("urban", NOW.plusHours(1)).reported("urban", NOW.minusHours(1)).json();
    JsonObject in = input(finish, new JsonObject().put("note", "路面已修补"));

    assertThat(finish.refuse(deptStaff("urban"), t, in, context())).isNull();
    Change c = finish.apply(deptStaff("urban"), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("dept_finished");
    assertThat(eventData(c, "dept_finished").getString("deptId")).isEqualTo("urban");
    assertThat(eventData(c, "dept_finished").getString("note")).isEqualTo("路面已修补");
    assertThat(c.statements()).singleElement(STRING).startsWith("UPDATE ticket_departments SET finished_at = coalesce(finished_at, $3)");
  }

  @Test
  void finishIsRefusedBeforeReportingInAndWhenAlreadyDone() {
    JsonObject notReported = ticket("whistled").called("urban", NOW.plusHours(1)).json();
    JsonObject done = ticket("whistled").called("urban", NOW.plusHours(1)).reported("urban", NOW.minusHours(2))
        .finished("urban", NOW.minusHours(1)).json();

    assertThat(finish.refuse(deptStaff("urban"), notReported, new JsonObject(), context())).isEqualTo("Report in first");
    assertThat(finish.refuse(deptStaff("urban"), done, new JsonObject(), context()))
        .isEqualTo("Your department's part is already done");
  }

  @Test
  void releaseLetsACalledDepartmentOff() {
    JsonObject t = ticket("whistled").called("police", NOW.plusHours(1)).json();
    JsonObject in = input(release, new JsonObject().put("deptId", "police").put("reason", "误派"));

    assertThat(release.refuse(dispatcher(), t, in, context())).isNull();
    Change c = release.apply(dispatcher(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("released");
    assertThat(eventData(c, "released").getString("deptId")).isEqualTo("police");
    assertThat(eventData(c, "released").getString("reason")).isEqualTo("误派");
    assertThat(c.statements()).singleElement(STRING).startsWith("UPDATE ticket_departments SET released_at = coalesce(released_at, $3)");
  }

  @Test
  void releaseIsRefusedForADepartmentNotCalledOrAlreadyReleased() {
    JsonObject t = ticket("whistled").called("police", NOW.plusHours(1)).released("police", NOW.minusMinutes(3)).json();

    assertThat(release.refuse(dispatcher(), t, new JsonObject().put("deptId", "urban").put("reason", "x"), context()))
        .isEqualTo("That department was not called");
    assertThat(release.refuse(dispatcher(), t, new JsonObject().put("deptId", "police").put("reason", "x"), context()))
        .isEqualTo("That department is already released");
    assertThat(bodyErrors(release, new JsonObject())).containsEntry("deptId", "required").containsEntry("reason", "required");
  }
}
