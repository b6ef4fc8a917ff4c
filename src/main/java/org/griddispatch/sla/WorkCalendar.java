package org.griddispatch.sla;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Working time in the subdistrict's zone: working hours on working days, where working days are
 * Monday to Friday except public holidays, plus the weekend days made working days (调休). Clocks of
 * ordinary categories count only this time; urgent ones (gas, water, power, safety) count calendar time.
 */
public final class WorkCalendar {
  private record Span(LocalTime from, LocalTime to) {}

  private final ZoneId zone;
  private final List<Span> hours = new ArrayList<>();
  private final Set<LocalDate> holidays = new HashSet<>();
  private final Set<LocalDate> extraWorkdays = new HashSet<>();

  public WorkCalendar(JsonObject config) {
    JsonObject c = config.getJsonObject("calendar", new JsonObject());
    zone = ZoneId.of(c.getString("timezone", config.getString("timezone", "Asia/Shanghai")));
    JsonArray spans = c.getJsonArray("workHours", new JsonArray().add(new JsonArray().add("09:00").add("12:00"))
        .add(new JsonArray().add("13:30").add("17:30")));
    for (Object o : spans) {
      JsonArray s = (JsonArray) o;
      hours.add(new Span(LocalTime.parse(s.getString(0)), LocalTime.parse(s.getString(1))));
    }
    for (Object d : c.getJsonArray("holidays", new JsonArray())) holidays.add(LocalDate.parse((String) d));
    for (Object d : c.getJsonArray("extraWorkdays", new JsonArray())) extraWorkdays.add(LocalDate.parse((String) d));
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
