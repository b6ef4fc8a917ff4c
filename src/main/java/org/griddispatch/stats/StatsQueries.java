package org.griddispatch.stats;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The stats of API.md over tickets created in [from, to). A ticket counts towards a rate's
 * denominator once its deadline has passed or the deadline's condition was met; merged and
 * cancelled tickets count in no rate. Satisfaction is good / rated over every channel's ratings (a
 * resident's, a return visit's, an integration's): a neutral rating is rated but not satisfied; a bad
 * rating a supervisor reviewed as unreasonable leaves it (counted as {@code excludedRatings}); every
 * reporter of a merged group rates, and each one's latest rating counts. {@code ratedShare} is rated
 * / resolved tickets, {@code awaitingVisit} the resolved tickets whose caller still waits for a visit. A
 * rate with nothing due is null. Returns (退单) and reopenings are counted too.
 */
public final class StatsQueries {
  /** A ticket's figures, as the database's {@code stats_row} gives them and {@code stats_sums} sums them. */
  private static final List<String> FIGURES = List.of("received", "open", "resolved", "closed", "overdue", "response_due",
      "responded_in_time", "resolution_due", "resolved_in_time", "good", "neutral", "bad", "excluded", "rated_resolved",
      "awaiting_visit", "returns", "reopens");

  private static final String SUMS = FIGURES.stream().map(f -> "coalesce(sum(x." + f + "), 0)::bigint AS " + f)
      .collect(java.util.stream.Collectors.joining(", "));

  /**
   * The tickets read one by one: those filed in the part days at either end of the period ($1 to $6,
   * $7 to $2), and those filed in its whole days ($6 to $7) that are not settled yet (their own index).
   */
  private static final String LIVE = """
      ((created_at >= $1 AND created_at < $6) OR (created_at >= $7 AND created_at < $2)
       OR (created_at >= $6 AND created_at < $7 AND NOT settled))
      AND ($4::text IS NULL OR grid_id = $4) AND ($5::text IS NULL OR dept_ids @> ARRAY[$5::text])""";

  /**
   * The settled tickets of the period's whole days ($8 to $9), summed ahead: its whole months ($10 to
   * $11) by month, the days before and after them by day.
   */
  private static final String SUMMED_DAYS = """
      grain = 'day' AND ((day >= $8 AND day < $10) OR (day >= $11 AND day < $9))
      AND ($4::text IS NULL OR grid_id = $4) AND ($5::text IS NULL OR dept_ids @> ARRAY[$5::text])""";
  private static final String SUMMED_MONTHS = """
      grain = 'month' AND day >= $10 AND day < $11 AND ($4::text IS NULL OR grid_id = $4) AND ($5::text IS NULL OR dept_ids @> ARRAY[$5::text])""";

  private final Pool pool;
  /** The node's zone: the stats' days and months, and the sums' (kept in it by {@link #keepZone}). */
  private final java.time.ZoneId zone;

  public StatsQueries(Pool pool, java.time.ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
  }

  /**
   * The SQL that keeps the sums by this zone's days and months: when they were kept in another (the
   * first start after migration V110, or a node configured with a new zone) it sets the zone and
   * sums again from the tickets, once.
   */
  public static String keepZone(java.time.ZoneId zone) {
    String z = zone.getId().replace("'", "''");
    return "DO $$ BEGIN IF (SELECT zone FROM stats_zone) IS DISTINCT FROM '" + z + "' THEN UPDATE stats_zone SET zone = '" + z
        + "'; PERFORM stats_rebuild(); ANALYZE stats_sums; END IF; END $$";
  }

  /**
   * The rows of both parts, with the keys {@code keys} (live part) / {@code summedKeys} (sums) named
   * k1, k2, …; {@code joins} is added to both (the departments' unnest).
   */
  private static String parts(List<String> keys, List<String> summedKeys, String joins) {
    String figures = FIGURES.stream().map(f -> "m." + f).collect(java.util.stream.Collectors.joining(", "));
    String live = "SELECT " + named(keys) + figures
        + " FROM tickets CROSS JOIN LATERAL stats_row(tickets, $3) AS m " + joins + " WHERE " + LIVE;
    String summed = "SELECT " + named(summedKeys) + String.join(", ", FIGURES) + " FROM stats_sums " + joins + " WHERE %s";
    return live + " UNION ALL " + summed.formatted(SUMMED_DAYS) + " UNION ALL " + summed.formatted(SUMMED_MONTHS);
  }

  private static String named(List<String> keys) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) out.append(keys.get(i)).append(" AS k").append(i + 1).append(", ");
    return out.toString();
  }

  /**
   * The total and the sums by grid, by category and by channel in one pass over the period's rows
   * (GROUPING SETS): {@code g} says which (7 the total, 3 by grid, 5 by category, 6 by channel).
   */
  private static final String TOTAL_AND_GROUPS = "SELECT GROUPING(k1, k2, k3) AS g, k1, k2, k3, " + SUMS + " FROM ("
      + parts(List.of("grid_id", "coalesce(category, service_code)", "channel"),
          List.of("nullif(grid_id, '')", "nullif(category, '')", "channel"), "")
      + ") AS x GROUP BY GROUPING SETS ((), (k1), (k2), (k3)) ORDER BY g, k1 NULLS LAST, k2 NULLS LAST, k3 NULLS LAST";
  /** By department: a ticket counts for each department called in, so the rows are the departments' unnest. */
  private static final String BY_DEPT = "SELECT k1, " + SUMS + " FROM (" + parts(List.of("d"), List.of("d"), "CROSS JOIN unnest(dept_ids) AS d")
      + ") AS x GROUP BY k1 ORDER BY k1 NULLS LAST";

  public Future<JsonObject> stats(OffsetDateTime from, OffsetDateTime to, OffsetDateTime now, String gridId, String deptId) {
    // the whole days (of the node's zone, as the sums are kept) inside the period: [firstDay, lastDay)
    java.time.ZonedDateTime localFrom = from.atZoneSameInstant(zone);
    java.time.LocalDate firstDay = localFrom.toLocalDate();
    if (!localFrom.equals(firstDay.atStartOfDay(zone))) firstDay = firstDay.plusDays(1);
    java.time.LocalDate lastDay = to.atZoneSameInstant(zone).toLocalDate();
    OffsetDateTime wholeFrom = firstDay.atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime wholeTo = lastDay.atStartOfDay(zone).toOffsetDateTime();
    if (!firstDay.isBefore(lastDay)) {
      // no whole day: every ticket of the period is read
      wholeFrom = to;
      wholeTo = to;
      lastDay = firstDay;
    }
    // the whole months inside those days: [firstMonth, lastMonth)
    java.time.LocalDate firstMonth = firstDay.getDayOfMonth() == 1 ? firstDay : firstDay.withDayOfMonth(1).plusMonths(1);
    java.time.LocalDate lastMonth = lastDay.withDayOfMonth(1);
    if (!firstMonth.isBefore(lastMonth)) {
      firstMonth = lastDay;
      lastMonth = lastDay;
    }
    Tuple params = Tuple.of(from, to, now, gridId, deptId, wholeFrom).addValue(wholeTo).addValue(firstDay).addValue(lastDay)
        .addValue(firstMonth).addValue(lastMonth);
    Future<JsonObject> sums = pool.preparedQuery(TOTAL_AND_GROUPS).execute(params).map(rows -> {
      JsonObject total = null;
      JsonArray byGrid = new JsonArray();
      JsonArray byCategory = new JsonArray();
      JsonArray byChannel = new JsonArray();
      for (Row r : rows) {
        switch (r.getInteger("g")) {
          case 7 -> total = measures(r);
          case 3 -> byGrid.add(new JsonObject().put("gridId", r.getString("k1")).mergeIn(measures(r)));
          case 5 -> byCategory.add(new JsonObject().put("category", r.getString("k2")).mergeIn(measures(r)));
          case 6 -> byChannel.add(new JsonObject().put("channel", r.getString("k3")).mergeIn(measures(r)));
          default -> throw new IllegalStateException("grouping " + r.getInteger("g"));
        }
      }
      return new JsonObject().put("total", total).put("byGrid", byGrid).put("byCategory", byCategory).put("byChannel", byChannel);
    });
    Future<JsonArray> byDept = pool.preparedQuery(BY_DEPT).execute(params).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("deptId", r.getString("k1")).mergeIn(measures(r))));
      return out;
    });
    return Future.all(sums, byDept).map(all -> {
      JsonObject s = sums.result();
      JsonArray byChannel = s.getJsonArray("byChannel");
      return s.getJsonObject("total").put("ratingsByChannel", ratingsByChannel(byChannel))
          .put("from", org.griddispatch.common.Json.time(from)).put("to", org.griddispatch.common.Json.time(to))
          .put("byGrid", s.getJsonArray("byGrid")).put("byDept", byDept.result()).put("byCategory", s.getJsonArray("byCategory"))
          .put("byChannel", byChannel);
    });
  }

  /** Each channel's ratings, those reviewed unreasonable and its satisfaction rate, by channel: {@code ratingsByChannel}. */
  private static JsonObject ratingsByChannel(JsonArray byChannel) {
    JsonObject out = new JsonObject();
    for (Object o : byChannel) {
      JsonObject m = (JsonObject) o;
      out.put(m.getString("channel"), m.getJsonObject("ratings").copy().put("excluded", m.getLong("excludedRatings"))
          .put("satisfactionRate", m.getValue("satisfactionRate")));
    }
    return out;
  }

  private static JsonObject measures(Row r) {
    long good = r.getLong("good");
    long neutral = r.getLong("neutral");
    long bad = r.getLong("bad");
    long excluded = r.getLong("excluded");
    return new JsonObject()
        .put("received", r.getLong("received"))
        .put("open", r.getLong("open"))
        .put("resolved", r.getLong("resolved"))
        .put("closed", r.getLong("closed"))
        .put("overdue", r.getLong("overdue"))
        .put("responseRate", rate(r.getLong("responded_in_time"), r.getLong("response_due")))
        .put("resolutionRate", rate(r.getLong("resolved_in_time"), r.getLong("resolution_due")))
        .put("satisfactionRate", rate(good, good + neutral + bad - excluded))
        .put("ratings", new JsonObject().put("good", good).put("neutral", neutral).put("bad", bad))
        .put("excludedRatings", excluded)
        .put("ratedShare", rate(r.getLong("rated_resolved"), r.getLong("resolved")))
        .put("awaitingVisit", r.getLong("awaiting_visit"))
        .put("returns", r.getLong("returns"))
        .put("reopens", r.getLong("reopens"));
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }

  private static final String[] CSV_MEASURES = {"received", "open", "resolved", "closed", "overdue", "responseRate",
      "resolutionRate", "satisfactionRate", "returns", "reopens"};
  /** Added after the ratings' columns, so that readers of the earlier columns read on unchanged. */
  private static final String[] CSV_MORE = {"ratedShare", "excludedRatings", "awaitingVisit"};

  /** The same figures as CSV: one line for the total, then one per grid, department and category. */
  public static String csv(JsonObject stats) {
    StringBuilder out = new StringBuilder("scope,key,");
    out.append(String.join(",", CSV_MEASURES)).append(",good,neutral,bad,").append(String.join(",", CSV_MORE)).append('\n');
    line(out, "total", "", stats);
    for (String[] group : new String[][] {{"byGrid", "grid", "gridId"}, {"byDept", "department", "deptId"},
        {"byCategory", "category", "category"}, {"byChannel", "channel", "channel"}}) {
      for (Object o : stats.getJsonArray(group[0])) line(out, group[1], ((JsonObject) o).getString(group[2]), (JsonObject) o);
    }
    return out.toString();
  }

  private static void line(StringBuilder out, String scope, String key, JsonObject m) {
    out.append(scope).append(',').append(key == null ? "" : key);
    for (String k : CSV_MEASURES) out.append(',').append(m.getValue(k) == null ? "" : m.getValue(k));
    JsonObject r = m.getJsonObject("ratings");
    out.append(',').append(r.getLong("good")).append(',').append(r.getLong("neutral")).append(',').append(r.getLong("bad"));
    for (String k : CSV_MORE) out.append(',').append(m.getValue(k) == null ? "" : m.getValue(k));
    out.append('\n');
  }
}
