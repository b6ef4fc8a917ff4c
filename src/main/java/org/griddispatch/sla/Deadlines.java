package org.griddispatch.sla;

import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;

/**
 * A new ticket's respond-by and resolve-by from its policy: minutes for report categories, the item's
 * time limit in days for one-window services (responded to within two hours).
 */
public record Deadlines(OffsetDateTime respondBy, OffsetDateTime resolveBy) {
  private static final int SERVICE_RESPOND_MINUTES = 120;

  public static Deadlines forCategory(JsonObject category, OffsetDateTime from) {
    JsonObject sla = category.getJsonObject("sla");
    return new Deadlines(from.plusMinutes(sla.getInteger("respondMinutes")), from.plusMinutes(sla.getInteger("resolveMinutes")));
  }

  public static Deadlines forService(JsonObject item, OffsetDateTime from) {
    return new Deadlines(from.plusMinutes(SERVICE_RESPOND_MINUTES), from.plusDays(item.getInteger("timeLimitDays")));
  }
}
