package org.griddispatch.catalog;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.Set;

/**
 * A category's SLA policy, complete: every field that deadlines ({@code sla.Deadlines},
 * {@code sla.Clocks}) read is there, within ranges the working calendar can count, so no ticket of
 * the category ever meets a missing or absurd number.
 */
final class SlaRules {
  private SlaRules() {}

  private static final Set<String> FIELDS = Set.of("respondMinutes", "reportInMinutes", "resolveMinutes", "ratingWindowHours", "clock");
  /** {@code working}: minutes of the working calendar; {@code calendar}: minutes of the clock on the wall. */
  private static final Set<String> CLOCKS = Set.of("working", "calendar");

  // Resolving takes at most 90 days (of working time: the calendar keeps at least two working hours
  // a day, so that is counted within the calendar's ten-year reach); longer is a typo, not a policy.
  private static final int MAX_RESPOND_MINUTES = 7 * 24 * 60;
  private static final int MAX_REPORT_IN_MINUTES = 7 * 24 * 60;
  private static final int MAX_RESOLVE_MINUTES = 90 * 24 * 60;
  private static final int MAX_RATING_WINDOW_HOURS = 30 * 24;

  /** The policy under {@code sla}, in its canonical form; problems are named {@code sla.<field>}. */
  static JsonObject sla(Fields f) {
    JsonObject sla = f.object("sla", true);
    if (sla == null) return null;
    f.onlyKnown(sla, "sla.", FIELDS);
    Integer respond = f.whole(sla, "respondMinutes", "sla.respondMinutes", true, 1, MAX_RESPOND_MINUTES);
    Integer reportIn = f.whole(sla, "reportInMinutes", "sla.reportInMinutes", true, 1, MAX_REPORT_IN_MINUTES);
    Integer resolve = f.whole(sla, "resolveMinutes", "sla.resolveMinutes", true, 1, MAX_RESOLVE_MINUTES);
    Integer ratingWindow = f.whole(sla, "ratingWindowHours", "sla.ratingWindowHours", true, 1, MAX_RATING_WINDOW_HOURS);
    String clock = f.string(sla, "clock", "sla.clock", true, 16);
    if (clock != null && !CLOCKS.contains(clock)) f.error("sla.clock", "must be working or calendar");
    if (respond != null && resolve != null && resolve < respond) {
      f.error("sla.resolveMinutes", "must not be less than respondMinutes (" + respond + ")");
    }
    return new JsonObject().put("respondMinutes", respond).put("reportInMinutes", reportIn).put("resolveMinutes", resolve)
        .put("ratingWindowHours", ratingWindow).put("clock", clock);
  }
}
