package org.griddispatch.common;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The time a change happens at (UTC, to the microsecond PostgreSQL keeps), and times given in a query. */
public final class Times {
  private Times() {}

  public static OffsetDateTime now(Clock clock) {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }

  /**
   * A time given as a query parameter: an ISO-8601 date-time with offset, or a bare date meaning
   * midnight in {@code zone}. Null when not given; a bad one is reported to {@code f} as {@code name}.
   */
  public static OffsetDateTime parse(Fields f, String name, String raw, ZoneId zone) {
    if (raw == null) return null;
    try {
      if (raw.length() == 10) return LocalDate.parse(raw).atStartOfDay(zone).toOffsetDateTime();
      return OffsetDateTime.parse(raw);
    } catch (DateTimeParseException e) {
      f.error(name, "must be an ISO-8601 date or date-time with offset");
      return null;
    }
  }
}
