package org.griddispatch.sla;

import io.vertx.core.json.JsonObject;
import org.griddispatch.catalog.WorkCalendar;

import java.time.OffsetDateTime;

/**
 * Deadlines from a policy: minutes of calendar time for urgent categories, of working time for the
 * rest ({@code sla.clock}); one-window items get their time limit in working days and two working
 * hours to be responded to.
 */
public final class Deadlines {
  private static final int SERVICE_RESPOND_MINUTES = 120;

  private Deadlines() {}

  public record Pair(OffsetDateTime respondBy, OffsetDateTime resolveBy) {}

  public static boolean working(JsonObject category) {
    return category == null || "working".equals(category.getJsonObject("sla").getString("clock"));
  }

  /** {@code minutes} after {@code from}, in calendar or working time. */
  public static OffsetDateTime after(OffsetDateTime from, long minutes, boolean working, WorkCalendar calendar) {
    return working ? calendar.plus(from, minutes) : from.plusMinutes(minutes);
  }

  public static Pair forCategory(JsonObject category, OffsetDateTime from, WorkCalendar calendar) {
    JsonObject sla = category.getJsonObject("sla");
    boolean working = working(category);
    return new Pair(after(from, sla.getInteger("respondMinutes"), working, calendar),
        after(from, sla.getInteger("resolveMinutes"), working, calendar));
  }

  public static Pair forService(JsonObject item, OffsetDateTime from, WorkCalendar calendar) {
    return new Pair(calendar.plus(from, SERVICE_RESPOND_MINUTES),
        calendar.plus(from, item.getInteger("timeLimitDays") * calendar.minutesPerDay()));
  }

  /** Minutes to resolve a ticket of this category (or service item) from now, and whether they are working minutes. */
  public static long resolveMinutes(JsonObject category, JsonObject item, WorkCalendar calendar) {
    if (category != null) return category.getJsonObject("sla").getInteger("resolveMinutes");
    return item == null ? 7L * calendar.minutesPerDay() : (long) item.getInteger("timeLimitDays") * calendar.minutesPerDay();
  }
}
