package org.griddispatch.subdistrict;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.Set;

/**
 * A category's SLA policy, complete: every field the deadlines read is there and sensible
 * ({@code respondMinutes} and {@code resolveMinutes} in {@code sla.Deadlines}, {@code reportInMinutes}
 * for departments called in, {@code ratingWindowHours} in {@code sla.Clocks}, {@code clock} for
 * working or calendar time), so no ticket of the category ever meets a missing number.
 */
final class SlaPolicy {
  static final Set<String> FIELDS = Set.of("respondMinutes", "reportInMinutes", "resolveMinutes", "ratingWindowHours", "clock");
  static final Set<String> CLOCKS = Set.of("working", "calendar");
  /** A year: anything longer is a typo, not a policy. */
  private static final int MAX_MINUTES = 366 * 24 * 60;

  private SlaPolicy() {}

  /** The policy under {@code sla} of the entry {@code f} reads, as stored; null when it has problems (reported on {@code f}). */
  static JsonObject read(Fields f) {
    JsonObject sla = f.object("sla", true);
    if (sla == null) return null;
    for (String name : sla.fieldNames()) if (!FIELDS.contains(name)) f.error("sla." + name, "unknown field");
    Integer respond = f.whole(sla, "respondMinutes", "sla.respondMinutes", true, 1, MAX_MINUTES);
    Integer reportIn = f.whole(sla, "reportInMinutes", "sla.reportInMinutes", true, 1, MAX_MINUTES);
    Integer resolve = f.whole(sla, "resolveMinutes", "sla.resolveMinutes", true, 1, MAX_MINUTES);
    Integer rating = f.whole(sla, "ratingWindowHours", "sla.ratingWindowHours", true, 1, 24 * 366);
    String clock = f.string(sla, "clock", "sla.clock", true, 16);
    if (clock != null && !CLOCKS.contains(clock)) f.error("sla.clock", "must be working or calendar");
    if (respond != null && resolve != null && respond > resolve) {
      f.error("sla.respondMinutes", "must not be longer than resolveMinutes (" + resolve + ")");
    }
    if (respond == null || reportIn == null || resolve == null || rating == null || clock == null || !CLOCKS.contains(clock)) return null;
    return new JsonObject().put("respondMinutes", respond).put("reportInMinutes", reportIn).put("resolveMinutes", resolve)
        .put("ratingWindowHours", rating).put("clock", clock);
  }
}
