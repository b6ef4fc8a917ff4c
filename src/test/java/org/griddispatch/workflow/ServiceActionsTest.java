package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;
import static org.griddispatch.workflow.Fixtures.*;

/** 一窗受理, decided without a database: check-materials and handover. */
class ServiceActionsTest {
  private final Action checkMaterials = ServiceActions.checkMaterials();
  private final Action handover = ServiceActions.handover();

  @Test
  void checkMaterialsNeedsAYesOrNo() {
    assertThat(bodyErrors(checkMaterials, new JsonObject())).containsEntry("complete", "true or false");
    assertThat(bodyErrors(checkMaterials, new JsonObject().put("complete", "yes"))).containsEntry("complete", "true or false");
    assertThat(bodyErrors(checkMaterials, new JsonObject().put("complete", false).put("missing", new JsonArray().add("户口簿"))))
        .isEmpty();
  }

  @Test
  void checkMaterialsRecordsTheCheck() {
    JsonObject t = ticket("assigned").service("childcare_subsidy").json();
    JsonObject in = input(checkMaterials, new JsonObject().put("complete", false).put("missing", new JsonArray().add("户口簿"))
        .put("note", "请补交"));

    assertThat(checkMaterials.refuse(worker(), t, in, context())).isNull();
    Change c = checkMaterials.apply(worker(), t, in, context());

    assertThat(c.status()).isNull();
    assertThat(c.columns()).isEmpty();
    assertThat(eventTypes(c)).containsExactly("materials_checked");
    JsonObject data = eventData(c, "materials_checked");
    assertThat(data.getBoolean("complete")).isFalse();
    assertThat(data.getJsonArray("missing")).containsExactly("户口簿");
    assertThat(data.getString("note")).isEqualTo("请补交");
  }

  @Test
  void checkMaterialsIsRefusedForAnIssue() {
    assertThat(checkMaterials.refuse(worker(), ticket("assigned").json(), new JsonObject().put("complete", true), context()))
        .isEqualTo("Only one-window service requests have materials");
  }

  @Test
  void handoverCallsTheItemsDepartmentWithTwoHoursToReportIn() {
    // childcare_subsidy is handled by civil affairs
    JsonObject t = ticket("accepted").service("childcare_subsidy").json();
    JsonObject in = input(handover, new JsonObject().put("note", "材料齐全"));

    assertThat(handover.refuse(worker(), t, in, context())).isNull();
    Change c = handover.apply(worker(), t, in, context());

    assertThat(c.status()).isEqualTo("whistled");
    assertThat(eventTypes(c)).containsExactly("handed_over");
    JsonObject data = eventData(c, "handed_over");
    assertThat(data.getJsonArray("deptIds")).containsExactly("civil");
    assertThat(data.getString("reportBy")).isEqualTo(iso(NOW.plusMinutes(120)));
    assertThat(data.getString("note")).isEqualTo("材料齐全");
    assertThat(c.statements()).singleElement(STRING).startsWith("INSERT INTO ticket_departments");
    assertThat((String[]) c.expressions().get("dept_ids")[1]).containsExactly("civil");
  }

  @Test
  void handoverIsOnlyForServiceRequests() {
    assertThat(handover.refuse(worker(), ticket("accepted").category("road_damage").json(), new JsonObject(), context()))
        .isEqualTo("Only one-window service requests are handed over");
  }

  @Test
  void handoverIsRefusedOnceADepartmentHasTheRequest() {
    JsonObject t = ticket("accepted").service("childcare_subsidy").called("civil", NOW.plusHours(1))
        .released("civil", NOW.minusMinutes(1)).json();

    assertThat(handover.refuse(worker(), t, new JsonObject(), context())).isEqualTo("Already handed over");
  }

  @Test
  void handoverIsRefusedForAnItemWithoutAHandlingDepartment() {
    JsonObject t = ticket("accepted").service("retired_item").json();

    assertThat(handover.refuse(dispatcher(), t, new JsonObject(), context()))
        .isEqualTo("This service item has no handling department");
  }

  @Test
  void handoverIsRefusedForAnItemWhoseDepartmentIsNotSet() {
    JsonArray services = CATALOG.services().copy().add(new JsonObject().put("code", "front_desk_only").put("deptId", null)
        .put("timeLimitDays", 1));
    Catalog catalog = Catalog.of(CATALOG.categories(), services, CATALOG.departments(), CATALOG.calendar());
    Action.Context ctx = new Action.Context(NOW, catalog, CONFIG.getJsonObject("workflow"));
    JsonObject t = ticket("accepted").service("front_desk_only").json();

    assertThat(handover.refuse(dispatcher(), t, new JsonObject(), ctx)).isEqualTo("This service item has no handling department");
    assertThat(handover.refuse(dispatcher(), ticket("accepted").service("childcare_subsidy").json(), new JsonObject(), ctx))
        .isNull();
  }
}
