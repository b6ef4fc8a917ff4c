package org.griddispatch.intake;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * 去重: is a new report one already being handled? Candidates are open tickets of the same category
 * within a radius (default 250 m) filed within a time window (default 72 h). Their descriptions are
 * compared by the Dice coefficient of character bigrams: Chinese has no spaces between words, and
 * bigrams approximate its (mostly two-character) words without a segmenter or dictionary, while
 * tolerating the reordering and filler that two people use for one incident. At or above
 * {@code mergeAt} the report is merged; at or above {@code flagAt} it is flagged for the dispatcher.
 * The thresholds come from the labelled pairs in {@code src/test/resources/dedup/pairs.tsv}.
 */
public final class Duplicates {
  public record Settings(double radiusMeters, int windowHours, double mergeAt, double flagAt) {
    public static Settings from(JsonObject config) {
      JsonObject d = config.getJsonObject("dedup", new JsonObject());
      return new Settings(d.getDouble("radiusMeters", 250.0), d.getInteger("windowHours", 72),
          d.getDouble("mergeAt", 0.65), d.getDouble("flagAt", 0.45));
    }
  }

  /** What intake should do: merge into {@code mergeInto}, or file and flag {@code candidates} (best first). */
  public record Verdict(UUID mergeInto, List<UUID> candidates) {
    static final Verdict NONE = new Verdict(null, List.of());
  }

  private Duplicates() {}

  public static Future<Verdict> check(SqlClient db, String category, Double lat, Double lon, String description,
                                      OffsetDateTime now, Settings s) {
    if (category == null || lat == null || lon == null || description == null) return Future.succeededFuture(Verdict.NONE);
    double[] box = box(lat, lon, s.radiusMeters());
    return db.preparedQuery("""
            SELECT id, description, lat, lon FROM tickets
            WHERE category = $1 AND status IN ('received', 'assigned', 'accepted', 'whistled', 'returned', 'reopened')
              AND lat BETWEEN $2 AND $3 AND lon BETWEEN $4 AND $5 AND created_at > $6
            ORDER BY created_at DESC LIMIT 100""")
        .execute(Tuple.of(category, box[0], box[1], box[2], box[3]).addValue(now.minusHours(s.windowHours())))
        .map(rows -> {
          record Scored(UUID id, double score) {}
          List<Scored> scored = new ArrayList<>();
          for (Row r : rows) {
            if (meters(lat, lon, r.getDouble("lat"), r.getDouble("lon")) > s.radiusMeters()) continue;
            double score = similarity(description, r.getString("description"));
            if (score >= s.flagAt()) scored.add(new Scored(r.getUUID("id"), score));
          }
          scored.sort(Comparator.comparingDouble(Scored::score).reversed());
          if (!scored.isEmpty() && scored.get(0).score() >= s.mergeAt()) return new Verdict(scored.get(0).id(), List.of());
          return new Verdict(null, scored.stream().limit(5).map(Scored::id).toList());
        });
  }

  /** Dice coefficient of the two texts' character bigrams, in [0, 1]. */
  public static double similarity(String a, String b) {
    Set<String> x = bigrams(a);
    Set<String> y = bigrams(b);
    if (x.isEmpty() || y.isEmpty()) return normalize(a).equals(normalize(b)) && !normalize(a).isEmpty() ? 1.0 : 0.0;
    int common = 0;
    for (String g : x) if (y.contains(g)) common++;
    return 2.0 * common / (x.size() + y.size());
  }

  static Set<String> bigrams(String text) {
    int[] cps = normalize(text).codePoints().toArray();
    Set<String> out = new HashSet<>();
    for (int i = 0; i + 1 < cps.length; i++) out.add(new String(cps, i, 2));
    return out;
  }

  /** Letters and digits only (CJK included), lower-cased: punctuation and spacing carry no meaning here. */
  static String normalize(String text) {
    StringBuilder sb = new StringBuilder();
    (text == null ? "" : text).codePoints().filter(Character::isLetterOrDigit).map(Character::toLowerCase)
        .forEach(sb::appendCodePoint);
    return sb.toString();
  }

  /** The lat/lon box {minLat, maxLat, minLon, maxLon} around a point that holds every place within {@code meters}. */
  public static double[] box(double lat, double lon, double meters) {
    double dLat = meters / 111_320.0;
    double dLon = dLat / Math.max(0.01, Math.cos(Math.toRadians(lat)));
    return new double[] {lat - dLat, lat + dLat, lon - dLon, lon + dLon};
  }

  /** Great-circle distance in metres. */
  public static double meters(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
}
