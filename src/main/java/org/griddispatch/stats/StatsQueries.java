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
  // the state groups are ticket.Vocabulary's, as SQL functions
  private static final String OPEN = "status = ANY (vocabulary.open_states())";
  private static final String COUNTED = "status <> ALL (vocabulary.withdrawn_states())";

  /** The measures, written once and used by the total and by every grouping. */
  private static final String MEASURES = """
      count(*) AS received,
      count(*) FILTER (WHERE %1$s) AS open,
      count(*) FILTER (WHERE resolved_at IS NOT NULL AND %2$s) AS resolved,
      count(*) FILTER (WHERE status = 'closed') AS closed,
      count(*) FILTER (WHERE %1$s AND ((responded_at IS NULL AND respond_by < $3)
                                                 OR (resolved_at IS NULL AND resolve_by < $3))) AS overdue,
      count(*) FILTER (WHERE %2$s AND (responded_at IS NOT NULL OR respond_by <= $3)) AS response_due,
      count(*) FILTER (WHERE %2$s AND responded_at IS NOT NULL AND responded_at <= respond_by) AS responded_in_time,
      count(*) FILTER (WHERE %2$s AND (resolved_at IS NOT NULL OR resolve_by <= $3)) AS resolution_due,
      count(*) FILTER (WHERE %2$s AND resolved_at IS NOT NULL AND resolved_at <= resolve_by) AS resolved_in_time,
      coalesce(sum(rg.good), 0) AS good,
      coalesce(sum(rg.neutral), 0) AS neutral,
      coalesce(sum(rg.bad), 0) AS bad,
      coalesce(sum(rg.excluded), 0) AS excluded,
      count(*) FILTER (WHERE resolved_at IS NOT NULL AND %2$s AND rg.rated > 0) AS rated_resolved,
      count(*) FILTER (WHERE %3$s) AS awaiting_visit,
      coalesce(sum(return_count), 0) AS returns,
      coalesce(sum(reopen_count), 0) AS reopens
      """.formatted(OPEN, COUNTED, org.griddispatch.ticket.TicketQueries.AWAITING_VISIT);

  /** Every reporter's current rating (the ticket's own and those of duplicates merged into it). */
  private static final String RATINGS = """
      LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE r.rating = 'good') AS good,
                                count(*) FILTER (WHERE r.rating = 'neutral') AS neutral,
                                count(*) FILTER (WHERE r.rating = 'bad') AS bad,
                                count(*) FILTER (WHERE r.rating = 'bad' AND r.review = 'unreasonable') AS excluded,
                                count(*) AS rated
                         FROM ticket_ratings r WHERE r.ticket_id = tickets.id) AS rg ON true""";

  private static final String WHERE = """
      created_at >= $1 AND created_at < $2 AND ($4::text IS NULL OR grid_id = $4)
      AND ($5::text IS NULL OR dept_ids @> ARRAY[$5::text])""";

  private final Pool pool;

  public StatsQueries(Pool pool) { this.pool = pool; }

  public Future<JsonObject> stats(OffsetDateTime from, OffsetDateTime to, OffsetDateTime now, String gridId, String deptId) {
    Tuple params = Tuple.of(from, to, now, gridId, deptId);
    Future<JsonObject> total = pool.preparedQuery("SELECT " + MEASURES + " FROM tickets " + RATINGS + " WHERE " + WHERE).execute(params)
        .map(rows -> measures(rows.iterator().next()));
    Future<JsonArray> byGrid = grouped("SELECT grid_id AS key, " + MEASURES + " FROM tickets " + RATINGS + " WHERE " + WHERE
        + " GROUP BY grid_id ORDER BY grid_id NULLS LAST", params, "gridId");
    Future<JsonArray> byDept = grouped("SELECT d AS key, " + MEASURES + " FROM tickets CROSS JOIN unnest(dept_ids) AS d " + RATINGS + " WHERE "
        + WHERE + " GROUP BY d ORDER BY d", params, "deptId");
    Future<JsonArray> byCategory = grouped("SELECT coalesce(category, service_code) AS key, " + MEASURES
        + " FROM tickets " + RATINGS + " WHERE " + WHERE + " GROUP BY 1 ORDER BY 1", params, "category");
    // each channel on its own: residents' app, the hotline, the window, Open311, workers' patrol reports (巡查上报)
    Future<JsonArray> byChannel = grouped("SELECT channel AS key, " + MEASURES + " FROM tickets " + RATINGS + " WHERE " + WHERE
        + " GROUP BY channel ORDER BY channel", params, "channel");
    return Future.all(List.of(total, byGrid, byDept, byCategory, byChannel)).map(all -> total.result()
        .put("ratingsByChannel", ratingsByChannel(byChannel.result()))
        .put("from", org.griddispatch.common.Json.time(from)).put("to", org.griddispatch.common.Json.time(to))
        .put("byGrid", byGrid.result()).put("byDept", byDept.result()).put("byCategory", byCategory.result())
        .put("byChannel", byChannel.result()));
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

  private Future<JsonArray> grouped(String sql, Tuple params, String keyName) {
    return pool.preparedQuery(sql).execute(params).map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put(keyName, r.getString("key")).mergeIn(measures(r))));
      return out;
    });
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
