package org.griddispatch.stats;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * 考核: grids and departments ranked by the three rates of a period. Each one's score is the mean of
 * its rates that are due (a rate with nothing due is left out, not counted as 0 or 1), as a
 * percentage with one decimal; equal scores share a rank; those with no rate due come last, unranked.
 */
public final class Rankings {
  private Rankings() {}

  private static final String[] RATES = {"responseRate", "resolutionRate", "satisfactionRate"};

  /** {@code {grids, departments}} from the stats of a period. */
  public static JsonObject of(JsonObject stats) {
    return new JsonObject().put("grids", rank(stats.getJsonArray("byGrid"), "gridId"))
        .put("departments", rank(stats.getJsonArray("byDept"), "deptId"));
  }

  static JsonArray rank(JsonArray groups, String key) {
    List<JsonObject> rows = new ArrayList<>();
    for (Object o : groups) {
      JsonObject g = (JsonObject) o;
      if (g.getString(key) == null) continue; // tickets outside every grid are nobody's to rank
      JsonObject row = new JsonObject().put(key, g.getString(key)).put("received", g.getLong("received"));
      double sum = 0;
      int n = 0;
      for (String rate : RATES) {
        Double v = g.getDouble(rate);
        row.put(rate, v);
        if (v != null) {
          sum += v;
          n++;
        }
      }
      row.put("score", n == 0 ? null : Math.round(sum / n * 1000) / 10.0);
      rows.add(row);
    }
    rows.sort(Comparator.comparing((JsonObject r) -> r.getDouble("score"), Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparing(r -> r.getString(key)));
    JsonArray out = new JsonArray();
    Double previous = null;
    int rank = 0;
    for (int i = 0; i < rows.size(); i++) {
      JsonObject r = rows.get(i);
      Double score = r.getDouble("score");
      if (score != null && !score.equals(previous)) rank = i + 1;
      out.add(r.put("rank", score == null ? null : rank));
      previous = score;
    }
    return out;
  }

  /** The rankings as CSV lines: scope, key, rank, score and the three rates. */
  public static String csv(JsonObject rankings) {
    StringBuilder out = new StringBuilder("ranking,key,rank,score,responseRate,resolutionRate,satisfactionRate,received\n");
    for (String[] group : new String[][] {{"grids", "grid", "gridId"}, {"departments", "department", "deptId"}}) {
      for (Object o : rankings.getJsonArray(group[0])) {
        JsonObject r = (JsonObject) o;
        out.append(group[1]).append(',').append(r.getString(group[2])).append(',').append(value(r, "rank")).append(',')
            .append(value(r, "score"));
        for (String rate : RATES) out.append(',').append(value(r, rate));
        out.append(',').append(r.getLong("received")).append('\n');
      }
    }
    return out.toString();
  }

  private static String value(JsonObject r, String k) { return r.getValue(k) == null ? "" : String.valueOf(r.getValue(k)); }
}
