package org.griddispatch.open311;

import io.vertx.core.MultiMap;
import org.griddispatch.common.ApiError;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * GeoReport's query parameters, read and checked: the filters of a requests search and the time
 * window of the updates. Anything malformed is a 400 naming the parameter, checked in a fixed order
 * so that the same bad query always gets the same refusal.
 */
final class QueryParameters {
  /** How far apart start_date and end_date may be, and the requests' window when neither is given. */
  private static final int MAX_DAYS = 90;

  private QueryParameters() {}

  /** A requests search; {@code closed} is null for either status, and the offset and page size make the page. */
  record RequestFilter(List<String> ids, List<String> serviceCodes, OffsetDateTime start, OffsetDateTime end, Boolean closed,
                       OffsetDateTime updatedAfter, OffsetDateTime updatedBefore, int pageSize, long offset) {}

  /** The updates between start and end. */
  record TimeWindow(OffsetDateTime start, OffsetDateTime end) {}

  /**
   * GET requests, or requests/{id} when {@code id} is not null. Without ids the search is limited to
   * created dates at most {@value #MAX_DAYS} days apart, by default the last {@value #MAX_DAYS} days.
   */
  static RequestFilter requests(MultiMap query, String id, OffsetDateTime now) {
    List<String> ids = id != null ? List.of(id) : commaList(query.get("service_request_id"));
    List<String> codes = commaList(query.get("service_code"));
    OffsetDateTime end = time(query.get("end_date"), "end_date");
    OffsetDateTime start = time(query.get("start_date"), "start_date");
    if (ids.isEmpty()) {
      if (end == null) end = start != null ? start.plusDays(MAX_DAYS) : now;
      if (start == null) start = end.minusDays(MAX_DAYS);
      if (start.isAfter(end)) throw new ApiError(400, "bad_request", "start_date is after end_date");
      checkSpan(start, end);
    }
    String status = query.get("status");
    if (status != null && !Set.of("open", "closed").contains(status)) throw new ApiError(400, "bad_request", "status is open or closed");
    int pageSize = wholeNumber(query.get("page_size"), Open311Queries.MAX_ROWS, "page_size", Open311Queries.MAX_ROWS);
    int page = wholeNumber(query.get("page"), 1, "page", Integer.MAX_VALUE);
    OffsetDateTime updatedAfter = time(query.get("updated_after"), "updated_after");
    OffsetDateTime updatedBefore = time(query.get("updated_before"), "updated_before");
    return new RequestFilter(ids, codes, start, end, status == null ? null : status.equals("closed"), updatedAfter, updatedBefore,
        pageSize, (long) (page - 1) * pageSize);
  }

  /** GET servicerequestupdates: by default the day up to now. */
  static TimeWindow updates(MultiMap query, OffsetDateTime now) {
    OffsetDateTime end = time(query.get("end_date"), "end_date");
    OffsetDateTime start = time(query.get("start_date"), "start_date");
    if (end == null) end = now;
    if (start == null) start = end.minusDays(1);
    checkSpan(start, end);
    return new TimeWindow(start, end);
  }

  private static void checkSpan(OffsetDateTime start, OffsetDateTime end) {
    if (Duration.between(start, end).toDays() > MAX_DAYS) {
      throw new ApiError(400, "bad_request", "start_date and end_date may be at most " + MAX_DAYS + " days apart");
    }
  }

  private static List<String> commaList(String csv) {
    List<String> out = new ArrayList<>();
    if (csv != null) for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.strip());
    return out;
  }

  /** A W3C date-time; a space stands for the '+' of an offset that was not URL-encoded. */
  private static OffsetDateTime time(String raw, String name) {
    if (raw == null || raw.isBlank()) return null;
    try {
      return OffsetDateTime.parse(raw.strip().replace(' ', '+'));
    } catch (DateTimeParseException e) {
      throw new ApiError(400, "bad_request", name + " must be a W3C date-time with offset, e.g. 2026-11-27T08:00:00+08:00");
    }
  }

  private static int wholeNumber(String raw, int fallback, String name, int max) {
    if (raw == null || raw.isBlank()) return fallback;
    try {
      int v = Integer.parseInt(raw.strip());
      if (v < 1 || v > max) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new ApiError(400, "bad_request", name + " must be a whole number from 1 to " + max);
    }
  }
}
