package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.ticket.Change;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.griddispatch.workflow.Fixtures.*;

/** Incidents, decided without a database: forming one over open and merged reports, and joining one. */
class IncidentActionsTest {
  private final Action form = IncidentActions.formIncident();
  private final Action join = IncidentActions.joinIncident();

  private static JsonObject report(String id, String number, boolean open, String... reporters) {
    return new JsonObject().put("id", id).put("number", number).put("open", open).put("reporterIds", new JsonArray(java.util.List.of(reporters)));
  }

  @Test
  void theEarliestBecomesTheIncidentAndTheOthersJoinItWithTheirReporters() {
    JsonObject parent = ticket("assigned").number("CX-1").json();
    String open = UUID.randomUUID().toString();
    String mergedBefore = UUID.randomUUID().toString();
    JsonObject in = new JsonObject().put("reason", "3 reports").put("reports", new JsonArray()
        .add(report(open, "CX-2", true, "u-r2")).add(report(mergedBefore, "CX-3", false, "u-r3")));

    assertThat(form.refuse(system(), parent, in, context())).isNull();
    Change c = form.apply(system(), parent, in, context());

    assertThat(c.status()).isNull();
    assertThat(eventTypes(c)).containsExactly("incident_formed");
    assertThat(eventData(c, "incident_formed").getInteger("reports")).isEqualTo(3);
    assertThat(c.columns()).containsEntry("incident_id", UUID.fromString(parent.getString("id")));
    assertThat((String[]) c.expressions().get("follower_ids")[1]).containsExactlyInAnyOrder("u-r2", "u-r3");
    Map<UUID, Change> others = c.others();
    Change joinedOpen = others.get(UUID.fromString(open));
    assertThat(joinedOpen.status()).isEqualTo("merged");
    assertThat(eventTypes(joinedOpen)).containsExactly("joined_incident");
    assertThat(joinedOpen.columns()).containsEntry("duplicate_of", UUID.fromString(parent.getString("id")))
        .containsEntry("assignee_id", null);
    Change joinedMerged = others.get(UUID.fromString(mergedBefore));
    assertThat(joinedMerged.status()).as("already merged into it: stays merged").isNull();
    assertThat(joinedMerged.columns()).containsOnlyKeys("incident_id");
  }

  @Test
  void anIncidentIsNotFormedTwiceNorWithoutReports() {
    JsonObject parent = ticket("assigned").json().put("incidentId", UUID.randomUUID().toString());
    assertThat(form.refuse(system(), parent, new JsonObject().put("reports", new JsonArray().add(report("x", "CX-2", true))), context()))
        .isNotNull();
    assertThat(form.refuse(system(), ticket("assigned").json(), new JsonObject().put("reports", new JsonArray()), context())).isNotNull();
  }

  @Test
  void aLaterReportJoinsAnOpenIncidentOnly() {
    JsonObject report = ticket("assigned").number("CX-9").reporter(REPORTER).json();
    String incidentId = UUID.randomUUID().toString();
    JsonObject open = new JsonObject().put("incident", new JsonObject().put("id", incidentId).put("number", "CX-1")
        .put("open", true).put("isIncident", true));
    assertThat(join.refuse(system(), report, open, context())).isNull();
    Change c = join.apply(system(), report, open, context());
    assertThat(c.status()).isEqualTo("merged");
    assertThat(eventTypes(c)).containsExactly("joined_incident");
    assertThat(eventTypes(c.others().get(UUID.fromString(incidentId)))).containsExactly("duplicate_merged");
    open.getJsonObject("incident").put("open", false);
    assertThat(join.refuse(system(), report, open, context())).isNotNull();
    open.getJsonObject("incident").put("open", true).put("isIncident", false);
    assertThat(join.refuse(system(), report, open, context())).isNotNull();
  }
}
