package org.griddispatch.duty;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A worker's duty roster: shifts on days of the week, and dated exceptions, each a day off or the
 * shifts of that day in place of the weekly ones. A shift that ends at or before its start runs past
 * midnight into the next day (20:00-08:00, or 08:00-08:00 for 24 hours). Times are local to the
 * subdistrict's zone.
 */
record Roster(Map<DayOfWeek, List<Shift>> weekly, Map<LocalDate, List<Shift>> exceptions) {
  /** From {@code from} to {@code to}, local times. */
  record Shift(LocalTime from, LocalTime to) {
    /** Minutes after the day's midnight it covers, as [start, end) with end up to a day later. */
    int start() { return from.toSecondOfDay() / 60; }
    int end() { return to.isAfter(from) ? to.toSecondOfDay() / 60 : to.toSecondOfDay() / 60 + 24 * 60; }

    JsonObject toJson() { return new JsonObject().put("from", from.toString()).put("to", to.toString()); }
  }

  static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final String HH_MM = "^([01][0-9]|2[0-3]):[0-5][0-9]$";
  private static final int MAX_SHIFTS_A_DAY = 4;
  private static final int MAX_EXCEPTIONS = 400;
  private static final LocalDate FIRST = LocalDate.of(2000, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2099, 12, 31);

  /** An exception with no shifts is a day off. */
  static boolean off(List<Shift> day) { return day.isEmpty(); }

  /** Checks a roster as a whole: every problem in one 400, each named by its path ({@code weekly.mon[1].to}). */
  static Roster parse(JsonObject body) {
    Fields f = new Fields(body);
    f.onlyKnown(Set.of("weekly", "exceptions"));
    Map<DayOfWeek, List<Shift>> weekly = new EnumMap<>(DayOfWeek.class);
    JsonObject days = f.object("weekly", true);
    if (days != null) {
      f.onlyKnown(days, "weekly.", Set.copyOf(DAYS));
      for (int i = 0; i < DAYS.size(); i++) {
        JsonArray given = f.array(days, DAYS.get(i), "weekly." + DAYS.get(i), false, MAX_SHIFTS_A_DAY);
        if (given == null) continue;
        List<Shift> shifts = new ArrayList<>();
        for (int j = 0; j < given.size(); j++) {
          String path = "weekly." + DAYS.get(i) + "[" + j + "]";
          if (given.getValue(j) instanceof JsonObject o) f.onlyKnown(o, path + ".", Set.of("from", "to"));
          Shift s = shift(f, given.getValue(j), path);
          if (s != null) shifts.add(s);
        }
        noOverlap(f, shifts, "weekly." + DAYS.get(i));
        if (!shifts.isEmpty()) weekly.put(DayOfWeek.of(i + 1), sorted(shifts));
      }
    }
    Map<LocalDate, List<Shift>> exceptions = exceptions(f);
    f.throwIfAny();
    return new Roster(weekly, exceptions);
  }

  private static Map<LocalDate, List<Shift>> exceptions(Fields f) {
    Map<LocalDate, List<Shift>> out = new TreeMap<>();
    JsonArray given = f.array(f.body(), "exceptions", "exceptions", false, MAX_EXCEPTIONS);
    if (given == null) return out;
    Set<LocalDate> offDays = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String path = "exceptions[" + i + "]";
      if (!(given.getValue(i) instanceof JsonObject e)) {
        f.error(path, "must be an object: {date, off: true} or {date, from, to}");
        continue;
      }
      f.onlyKnown(e, path + ".", Set.of("date", "off", "from", "to"));
      LocalDate date = date(f, e, path + ".date");
      Boolean off = f.bool(e, "off", path + ".off");
      boolean hasTimes = e.containsKey("from") || e.containsKey("to");
      if (Boolean.FALSE.equals(off)) f.error(path + ".off", "leave it out, or true for a day off");
      if (Boolean.TRUE.equals(off) == hasTimes) {
        f.error(path, "either off: true or from and to");
        continue;
      }
      Shift shift = hasTimes ? shift(f, e, path) : null;
      if (date == null || (hasTimes && shift == null)) continue;
      List<Shift> day = out.computeIfAbsent(date, d -> new ArrayList<>());
      if (offDays.contains(date) || (shift == null && !day.isEmpty())) {
        f.error(path, date + " is given both off and with shifts, or off twice");
      } else if (shift == null) {
        offDays.add(date);
      } else {
        day.add(shift);
      }
    }
    out.forEach((date, shifts) -> noOverlap(f, shifts, "exceptions"));
    out.replaceAll((date, shifts) -> sorted(shifts));
    return out;
  }

  private static Shift shift(Fields f, Object value, String path) {
    if (!(value instanceof JsonObject o)) {
      f.error(path, "must be {from: \"HH:MM\", to: \"HH:MM\"}");
      return null;
    }
    LocalTime from = time(f, o, "from", path + ".from");
    LocalTime to = time(f, o, "to", path + ".to");
    return from == null || to == null ? null : new Shift(from, to);
  }

  private static LocalTime time(Fields f, JsonObject o, String field, String path) {
    String v = f.string(o, field, path, true, 5);
    if (v == null) return null;
    if (!v.matches(HH_MM)) {
      f.error(path, "a time of day, HH:MM");
      return null;
    }
    return LocalTime.parse(v);
  }

  private static LocalDate date(Fields f, JsonObject o, String path) {
    String v = f.string(o, "date", path, true, 10);
    if (v == null) return null;
    try {
      LocalDate d = LocalDate.parse(v);
      if (v.length() == 10 && !d.isBefore(FIRST) && !d.isAfter(LAST)) return d;
    } catch (DateTimeParseException e) {
      // reported below
    }
    f.error(path, "a date, YYYY-MM-DD, between " + FIRST + " and " + LAST);
    return null;
  }

  /** The shifts of one day may not overlap (a shift past midnight is counted to its end). */
  private static void noOverlap(Fields f, List<Shift> shifts, String path) {
    List<Shift> byStart = sorted(shifts);
    for (int i = 1; i < byStart.size(); i++) {
      if (byStart.get(i).start() < byStart.get(i - 1).end()) f.error(path, "shifts of one day must not overlap");
    }
  }

  private static List<Shift> sorted(List<Shift> shifts) {
    return shifts.stream().sorted(Comparator.comparing(Shift::from)).toList();
  }

  /** The roster as the API shows it: days in week order, exceptions by date and time. */
  JsonObject toJson() {
    JsonObject days = new JsonObject();
    weekly.forEach((day, shifts) -> days.put(DAYS.get(day.getValue() - 1),
        new JsonArray(shifts.stream().map(Shift::toJson).toList())));
    JsonArray dated = new JsonArray();
    exceptions.forEach((date, shifts) -> {
      if (off(shifts)) dated.add(new JsonObject().put("date", date.toString()).put("off", true));
      shifts.forEach(s -> dated.add(s.toJson().put("date", date.toString())));
    });
    return new JsonObject().put("weekly", days).put("exceptions", dated);
  }
}
