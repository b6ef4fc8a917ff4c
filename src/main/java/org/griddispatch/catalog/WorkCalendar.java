package org.griddispatch.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Working time in the subdistrict's zone: working hours on working days, where working days are
 * Monday to Friday except public holidays, plus the weekend days made working days (调休). Clocks of
 * ordinary categories count only this time; urgent ones (gas, water, power, safety) count calendar time.
 * The calendar itself ({@code workHours}, {@code holidays}, {@code extraWorkdays}) lives in the
 * database and is changed by an admin ({@link CalendarRules} checks it); the zone is the node's.
 */
public final class WorkCalendar {
  private record Span(LocalTime from, LocalTime to) {}

  /** Working hours when a calendar names none. */
  static final JsonArray DEFAULT_WORK_HOURS = new JsonArray().add(new JsonArray().add("09:00").add("12:00"))
      .add(new JsonArray().add("13:30").add("17:30"));

  private final ZoneId zone;
  private final List<Span> hours = new ArrayList<>();
  private final SortedSet<LocalDate> holidays = new TreeSet<>();
  private final SortedSet<LocalDate> extraWorkdays = new TreeSet<>();

  /** The calendar of a node's configuration: its {@code timezone} and its {@code calendar} (the initial value). */
  public WorkCalendar(JsonObject config) {
    this(zoneOf(config), config.getJsonObject("calendar", new JsonObject()));
  }

  /** A calendar in {@code zone} from its document ({@code workHours}, {@code holidays}, {@code extraWorkdays}). */
  public WorkCalendar(ZoneId zone, JsonObject calendar) {
    this.zone = zone;
    for (Object o : calendar.getJsonArray("workHours", DEFAULT_WORK_HOURS)) {
      JsonArray s = (JsonArray) o;
      hours.add(new Span(LocalTime.parse(s.getString(0)), LocalTime.parse(s.getString(1))));
    }
    for (Object d : calendar.getJsonArray("holidays", new JsonArray())) holidays.add(LocalDate.parse((String) d));
    for (Object d : calendar.getJsonArray("extraWorkdays", new JsonArray())) extraWorkdays.add(LocalDate.parse((String) d));
  }

  /** The subdistrict's zone, from the node's configuration. */
  public static ZoneId zoneOf(JsonObject config) {
    return ZoneId.of(config.getString("timezone", "Asia/Shanghai"));
  }

  public ZoneId zone() { return zone; }

  /** The calendar's document, as stored and as {@code GET /admin/calendar} shows it (dates in order). */
  public JsonObject toJson() {
    JsonArray spans = new JsonArray();
    hours.forEach(s -> spans.add(new JsonArray().add(s.from().toString()).add(s.to().toString())));
    return new JsonObject().put("workHours", spans)
        .put("holidays", new JsonArray(holidays.stream().map(LocalDate::toString).toList()))
        .put("extraWorkdays", new JsonArray(extraWorkdays.stream().map(LocalDate::toString).toList()));
  }

  /** Working minutes in one working day. */
  public long minutesPerDay() {
    return hours.stream().mapToLong(s -> Duration.between(s.from(), s.to()).toMinutes()).sum();
  }

  public boolean isWorkday(LocalDate day) {
    if (extraWorkdays.contains(day)) return true;
    if (holidays.contains(day)) return false;
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
  }

  /** The instant {@code minutes} of working time after {@code start}. */
  public OffsetDateTime plus(OffsetDateTime start, long minutes) {
    LocalDateTime t = start.atZoneSameInstant(zone).toLocalDateTime();
    Duration left = Duration.ofMinutes(minutes);
    for (int guard = 0; guard < 3700; guard++) {
      LocalDate day = t.toLocalDate();
      if (isWorkday(day)) {
        for (Span s : hours) {
          LocalDateTime from = day.atTime(s.from());
          LocalDateTime to = day.atTime(s.to());
          if (!t.isBefore(to)) continue;
          LocalDateTime begin = t.isAfter(from) ? t : from;
          Duration available = Duration.between(begin, to);
          if (available.compareTo(left) >= 0) return out(begin.plus(left));
          left = left.minus(available);
          t = to;
        }
      }
      t = day.plusDays(1).atStartOfDay();
    }
    throw new IllegalStateException("no working time within ten years: check the calendar");
  }

  /** Working minutes between two instants (0 when {@code to} is not after {@code from}). */
  public long minutesBetween(OffsetDateTime from, OffsetDateTime to) {
    if (!to.isAfter(from)) return 0;
    LocalDateTime a = from.atZoneSameInstant(zone).toLocalDateTime();
    LocalDateTime b = to.atZoneSameInstant(zone).toLocalDateTime();
    long total = 0;
    for (LocalDate day = a.toLocalDate(); !day.isAfter(b.toLocalDate()); day = day.plusDays(1)) {
      if (!isWorkday(day)) continue;
      for (Span s : hours) {
        LocalDateTime x = max(day.atTime(s.from()), a);
        LocalDateTime y = min(day.atTime(s.to()), b);
        if (y.isAfter(x)) total += Duration.between(x, y).toMinutes();
      }
    }
    return total;
  }

  private OffsetDateTime out(LocalDateTime local) {
    return local.atZone(zone).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
  }

  private static LocalDateTime max(LocalDateTime a, LocalDateTime b) { return a.isAfter(b) ? a : b; }
  private static LocalDateTime min(LocalDateTime a, LocalDateTime b) { return a.isBefore(b) ? a : b; }
}
