package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;

/** Small readings of a ticket (as the contract shows it) that several sections use. */
final class TicketFacts {
  private TicketFacts() {}

  /** The ticket's row for a called department, or null when it was never called. */
  static JsonObject department(JsonObject t, String deptId) {
    for (Object o : t.getJsonArray("departments")) {
      if (deptId.equals(((JsonObject) o).getString("deptId"))) return (JsonObject) o;
    }
    return null;
  }

  static OffsetDateTime time(String iso) { return iso == null ? null : OffsetDateTime.parse(iso); }
}
