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
  /** {@code candidates}: how many of the newest open tickets nearby a report is compared with. */
  public record Settings(double radiusMeters, int windowHours, double mergeAt, double flagAt, int candidates) {
    public static Settings from(JsonObject config) {
      JsonObject d = config.getJsonObject("dedup", new JsonObject());
      return new Settings(d.getDouble("radiusMeters", 250.0), d.getInteger("windowHours", 72),
          d.getDouble("mergeAt", 0.65), d.getDouble("flagAt", 0.45), d.getInteger("candidates", 20));
    }
  }

  /** What intake should do: merge into {@code mergeInto}, or file and flag {@code candidates} (best first). */
  public record Verdict(UUID mergeInto, List<UUID> candidates) {
    static final Verdict NONE = new Verdict(null, List.of());
  }

  private Duplicates() {}

  /** A report to check: its category, place, words and time. */
  public record Report(String category, Double lat, Double lon, String description, OffsetDateTime at) {
    boolean checkable() { return category != null && lat != null && lon != null && description != null; }
  }

  private record Candidate(UUID id, String description, double lat, double lon) {}

  /**
   * The candidates of several reports in one query: for each (numbered in order), the newest open
   * tickets of its category in the box around it within the window (at most {@code candidates}).
   */
  private static final String CANDIDATES = """
      SELECT q.n, t.id, t.description, t.lat, t.lon
      FROM unnest($1::text[], $2::float8[], $3::float8[], $4::float8[], $5::float8[], $6::timestamptz[]) WITH ORDINALITY
           AS q (category, min_lat, max_lat, min_lon, max_lon, since, n)
      CROSS JOIN LATERAL (
        SELECT id, description, lat, lon, created_at FROM tickets
        WHERE category = q.category AND status IN ('received', 'assigned', 'accepted', 'whistled', 'returned', 'reopened')
          AND lat BETWEEN q.min_lat AND q.max_lat AND lon BETWEEN q.min_lon AND q.max_lon AND created_at > q.since
        ORDER BY created_at DESC LIMIT $7) AS t""";

  /** The verdicts on several checkable reports, in their order, from one query. */
  public static Future<List<Verdict>> check(SqlClient db, List<Report> reports, Settings s) {
    int n = reports.size();
    String[] categories = new String[n];
    Double[] minLat = new Double[n], maxLat = new Double[n], minLon = new Double[n], maxLon = new Double[n];
    OffsetDateTime[] since = new OffsetDateTime[n];
    for (int i = 0; i < n; i++) {
      Report r = reports.get(i);
      double[] box = box(r.lat(), r.lon(), s.radiusMeters());
      categories[i] = r.category();
      minLat[i] = box[0];
      maxLat[i] = box[1];
      minLon[i] = box[2];
      maxLon[i] = box[3];
      since[i] = r.at().minusHours(s.windowHours());
    }
    return db.preparedQuery(CANDIDATES).execute(Tuple.of(categories, minLat, maxLat, minLon, maxLon, since).addValue(s.candidates())).map(rows -> {
      List<List<Candidate>> byReport = new ArrayList<>();
      for (int i = 0; i < n; i++) byReport.add(new ArrayList<>());
      for (Row r : rows) {
        byReport.get((int) (r.getLong("n") - 1)).add(new Candidate(r.getUUID("id"), r.getString("description"), r.getDouble("lat"), r.getDouble("lon")));
      }
      List<Verdict> verdicts = new ArrayList<>();
      for (int i = 0; i < n; i++) verdicts.add(verdict(reports.get(i), byReport.get(i), s));
      return verdicts;
    });
  }

  private static Verdict verdict(Report report, List<Candidate> candidates, Settings s) {
    record Scored(UUID id, double score) {}
    List<Scored> scored = new ArrayList<>();
    for (Candidate c : candidates) {
      if (meters(report.lat(), report.lon(), c.lat(), c.lon()) > s.radiusMeters()) continue;
      double score = similarity(report.description(), c.description());
      if (score >= s.flagAt()) scored.add(new Scored(c.id(), score));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    if (!scored.isEmpty() && scored.get(0).score() >= s.mergeAt()) return new Verdict(scored.get(0).id(), List.of());
    return new Verdict(null, scored.stream().limit(5).map(Scored::id).toList());
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
