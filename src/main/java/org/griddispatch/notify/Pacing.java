package org.griddispatch.notify;

import io.vertx.core.json.JsonObject;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * When a message may go, so that people are told but not pestered: never at night for what can wait
 * (quiet hours in the subdistrict's zone, {@code notify.quietHours}, 22:00–07:00), at most
 * {@code notify.perRecipientPerHour} (5) messages an hour to one number, and a message the number
 * already got for the same ticket and template within {@code notify.dedupeMinutes} (10, at most 60) is not sent
 * again. What is urgent (an unseen urgent ticket, a message about an urgent ticket) goes at once,
 * day or night, and is never held back by the hourly limit.
 */
record Pacing(ZoneId zone, LocalTime quietFrom, LocalTime quietTo, int perHour, int dedupeMinutes) {
  private static final Set<String> URGENT_TEMPLATES = Set.of("unseen_alert");

  static Pacing from(JsonObject notify, ZoneId zone) {
    JsonObject quiet = notify.getJsonObject("quietHours", new JsonObject());
    return new Pacing(zone, LocalTime.parse(quiet.getString("from", "22:00")), LocalTime.parse(quiet.getString("to", "07:00")),
        notify.getInteger("perRecipientPerHour", 5), Math.min(60, notify.getInteger("dedupeMinutes", 10)));
  }

  /** What to do with a message now: send it, hold it until {@code until}, or skip it as a repeat. */
  sealed interface Verdict permits Send, Hold, Skip {}
  record Send() implements Verdict {}
  record Hold(OffsetDateTime until, String why) implements Verdict {}
  record Skip(String why) implements Verdict {}

  static boolean urgent(String template, JsonObject data) {
    return URGENT_TEMPLATES.contains(template) || "urgent".equals(data.getString("priority"));
  }

  /**
   * {@code sentLastHour}: messages sent to the number in the hour before {@code now}, the oldest of
   * them at {@code oldestLastHour}; {@code repeat}: the same message was sent within the dedupe window.
   */
  Verdict decide(String template, JsonObject data, OffsetDateTime now, int sentLastHour, OffsetDateTime oldestLastHour, boolean repeat) {
    if (repeat) return new Skip("the same message went to this number within " + dedupeMinutes + " min");
    if (urgent(template, data)) return new Send();
    OffsetDateTime quietEnds = quietEnds(now);
    if (quietEnds != null) return new Hold(quietEnds, "quiet hours");
    if (sentLastHour >= perHour && oldestLastHour != null) return new Hold(oldestLastHour.plusHours(1), "hourly limit");
    return new Send();
  }

  /** When the quiet hours around {@code now} end, or null outside them. */
  OffsetDateTime quietEnds(OffsetDateTime now) {
    ZonedDateTime local = now.atZoneSameInstant(zone);
    LocalTime t = local.toLocalTime();
    boolean wraps = quietFrom.isAfter(quietTo); // 22:00–07:00 passes midnight
    boolean quiet = wraps ? !t.isBefore(quietFrom) || t.isBefore(quietTo) : !t.isBefore(quietFrom) && t.isBefore(quietTo);
    if (!quiet || quietFrom.equals(quietTo)) return null;
    ZonedDateTime end = local.with(quietTo);
    if (!end.isAfter(local)) end = end.plusDays(1);
    return end.toOffsetDateTime();
  }
}
