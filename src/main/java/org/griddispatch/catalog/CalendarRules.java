package org.griddispatch.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a working calendar must be: working hours as non-overlapping spans of one day adding up to
 * two hours at least (so every deadline the category rules allow is reached within the calendar's
 * reach), holidays, and 调休 days that are weekend days made working days, never also holidays.
 * Every problem is named in one 400; a calendar that passes is answered in order, without repeats.
 */
public final class CalendarRules {
  private CalendarRules() {}

  private static final String HH_MM = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
  private static final long MIN_MINUTES_PER_DAY = 120;
  private static final int MAX_DATES = 1000;
  private static final LocalDate FIRST = LocalDate.of(2000, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2099, 12, 31);

  /** Checks a whole calendar; {@code timezone} may be repeated as shown, but is the node's to set. */
  public static JsonObject calendar(JsonObject body, ZoneId zone) {
    Fields f = new Fields(body);
    f.onlyKnown(Set.of("workHours", "holidays", "extraWorkdays", "timezone"));
    Object tz = f.body().getValue("timezone");
    if (tz != null && !zone.getId().equals(tz)) {
      f.error("timezone", "the time zone is the node's setting (" + zone.getId() + "), not the calendar's");
    }
    JsonArray hours = workHours(f);
    TreeSet<LocalDate> holidays = dates(f, "holidays");
    TreeSet<LocalDate> extra = dates(f, "extraWorkdays");
    for (LocalDate d : extra) {
      if (holidays.contains(d)) {
        f.error("extraWorkdays", d + " is also a holiday");
      } else if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
        f.error("extraWorkdays", d + " is a weekday already: 调休 makes a Saturday or Sunday a working day");
      }
    }
    f.throwIfAny();
    return new JsonObject().put("workHours", hours)
        .put("holidays", new JsonArray(holidays.stream().map(LocalDate::toString).toList()))
        .put("extraWorkdays", new JsonArray(extra.stream().map(LocalDate::toString).toList()));
  }

  private record Span(LocalTime from, LocalTime to) {}

  private static JsonArray workHours(Fields f) {
    JsonArray given = f.array(f.body(), "workHours", "workHours", true, 6);
    if (given == null) return null;
    List<Span> spans = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String path = "workHours[" + i + "]";
      if (!(given.getValue(i) instanceof JsonArray pair) || pair.size() != 2
          || !(pair.getValue(0) instanceof String from) || !(pair.getValue(1) instanceof String to)
          || !from.matches(HH_MM) || !to.matches(HH_MM)) {
        f.error(path, "must be [\"HH:MM\", \"HH:MM\"]");
        continue;
      }
      Span s = new Span(LocalTime.parse(from), LocalTime.parse(to));
      if (!s.to().isAfter(s.from())) f.error(path, "must end after it starts, within the day");
      else spans.add(s);
    }
    spans.sort(Comparator.comparing(Span::from));
    long minutes = 0;
    for (int i = 0; i < spans.size(); i++) {
      if (i > 0 && spans.get(i).from().isBefore(spans.get(i - 1).to())) f.error("workHours", "spans must not overlap");
      minutes += Duration.between(spans.get(i).from(), spans.get(i).to()).toMinutes();
    }
    if (!f.hasError("workHours") && minutes < MIN_MINUTES_PER_DAY) f.error("workHours", "at least two working hours a day");
    JsonArray out = new JsonArray();
    spans.forEach(s -> out.add(new JsonArray().add(s.from().toString()).add(s.to().toString())));
    return out;
  }

  private static TreeSet<LocalDate> dates(Fields f, String field) {
    TreeSet<LocalDate> out = new TreeSet<>();
    JsonArray given = f.array(f.body(), field, field, true, MAX_DATES);
    if (given == null) return out;
    for (int i = 0; i < given.size(); i++) {
      try {
        if (!(given.getValue(i) instanceof String s) || s.length() != 10) throw new DateTimeParseException("", "", 0);
        LocalDate d = LocalDate.parse(s);
        if (d.isBefore(FIRST) || d.isAfter(LAST)) f.error(field + "[" + i + "]", "must be between " + FIRST + " and " + LAST);
        else out.add(d);
      } catch (DateTimeParseException e) {
        f.error(field + "[" + i + "]", "must be a date, YYYY-MM-DD");
      }
    }
    return out;
  }
}
