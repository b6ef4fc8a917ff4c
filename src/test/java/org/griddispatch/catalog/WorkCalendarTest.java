package org.griddispatch.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** Working-time arithmetic in Asia/Shanghai: 09:00-12:00 and 13:30-17:30, weekends, a holiday and a 调休 Saturday. */
class WorkCalendarTest {
  static final WorkCalendar CAL = new WorkCalendar(new JsonObject().put("timezone", "Asia/Shanghai")
      .put("calendar", new JsonObject()
          .put("holidays", new JsonArray().add("2026-10-01").add("2026-10-02"))
          .put("extraWorkdays", new JsonArray().add("2026-10-10"))));

  static OffsetDateTime at(String local) { return OffsetDateTime.parse(local + "+08:00"); }

  @Test
  void withinOneDayAndAcrossLunch() {
    assertThat(CAL.minutesPerDay()).isEqualTo(420);
    assertThat(CAL.plus(at("2026-11-26T09:00:00"), 60)).isEqualTo(at("2026-11-26T10:00:00"));
    assertThat(CAL.plus(at("2026-11-26T11:30:00"), 60)).isEqualTo(at("2026-11-26T14:00:00"));
    // started at lunch: the clock waits for 13:30
    assertThat(CAL.plus(at("2026-11-26T12:40:00"), 30)).isEqualTo(at("2026-11-26T14:00:00"));
  }

  @Test
  void acrossAWeekend() {
    // Friday 2026-11-27 17:00 + 2 h: 30 min on Friday, 90 min on Monday
    assertThat(CAL.plus(at("2026-11-27T17:00:00"), 120)).isEqualTo(at("2026-11-30T10:30:00"));
    // filed on Saturday: starts Monday 09:00
    assertThat(CAL.plus(at("2026-11-28T10:00:00"), 60)).isEqualTo(at("2026-11-30T10:00:00"));
    assertThat(CAL.minutesBetween(at("2026-11-27T17:00:00"), at("2026-11-30T10:30:00"))).isEqualTo(120);
  }

  @Test
  void acrossAHolidayAndAMadeUpWorkday() {
    // Wednesday 30 Sept 17:00 + 2 h: Thu 1 and Fri 2 Oct are holidays, Sat 3 and Sun 4 weekend
    assertThat(CAL.plus(at("2026-09-30T17:00:00"), 120)).isEqualTo(at("2026-10-05T10:30:00"));
    // Saturday 10 Oct is a working day (调休)
    assertThat(CAL.isWorkday(at("2026-10-10T10:00:00").toLocalDate())).isTrue();
    assertThat(CAL.plus(at("2026-10-09T17:00:00"), 120)).isEqualTo(at("2026-10-10T10:30:00"));
    // seven working days of an ordinary request
    assertThat(CAL.minutesBetween(at("2026-09-30T09:00:00"), CAL.plus(at("2026-09-30T09:00:00"), 7 * 420))).isEqualTo(7 * 420);
  }
}
