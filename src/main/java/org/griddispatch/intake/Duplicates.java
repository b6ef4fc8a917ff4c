package org.griddispatch.intake;

import org.griddispatch.geo.Distances;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * 去重: is a new report one already being handled? Candidates are open tickets of the same category
 * within a radius (default 250 m) filed within a time window (default 72 h). Their descriptions are
 * compared by words and synonyms, weighted by what they tell, with how far and how long apart the two
 * were filed ({@link #score}; docs/duplicates.md). At or above {@code mergeAt} the report is merged; at
 * or above {@code flagAt} it is flagged for the dispatcher. The thresholds come from the tuning half of
 * the labelled pairs in {@code src/test/resources/dedup/}.
 */
public final class Duplicates {
  /** {@code candidates}: how many of the newest open tickets nearby a report is compared with. */
  public record Settings(double radiusMeters, int windowHours, double mergeAt, double flagAt, int candidates) {
    public static Settings from(JsonObject config) {
      JsonObject d = config.getJsonObject("dedup", new JsonObject());
      return new Settings(d.getDouble("radiusMeters", 250.0), d.getInteger("windowHours", 72),
          d.getDouble("mergeAt", 0.75), d.getDouble("flagAt", 0.17), d.getInteger("candidates", 20));
    }
  }

  /** What intake should do: merge into {@code mergeInto}, or file and flag {@code candidates} (best first). */
  public record Verdict(UUID mergeInto, List<UUID> candidates) {
    static final Verdict NONE = new Verdict(null, List.of());
  }

  /** How much being at the edge of the radius, or of the window, lowers a score (chosen on the tuning pairs). */
  static final double FAR = 0.2;
  static final double LATE = 0.2;

  private Duplicates() {}

  /** A report to check: its category, place, words and time. */
  public record Report(String category, Double lat, Double lon, String description, OffsetDateTime at) {
    boolean checkable() { return category != null && lat != null && lon != null && description != null; }
  }

  /**
   * The verdict on a report: compared with the newest {@code candidates} open reports of its category
   * in the box around it within the window, those within the radius by their words.
   */
  public static Verdict check(OpenReports open, Report report, Settings s) {
    double[] box = Distances.box(report.lat(), report.lon(), s.radiusMeters());
    long since = report.at().minusHours(s.windowHours()).toInstant().toEpochMilli();
    return verdict(report, open.near(report.category(), box, since, s.candidates()), s);
  }

  private static Verdict verdict(Report report, List<OpenReports.Entry> candidates, Settings s) {
    record Scored(UUID id, double score) {}
    List<Scored> scored = new ArrayList<>();
    Wording words = Wording.of(report.description());
    long at = report.at().toInstant().toEpochMilli();
    for (OpenReports.Entry c : candidates) {
      double meters = Distances.meters(report.lat(), report.lon(), c.lat(), c.lon());
      if (meters > s.radiusMeters()) continue;
      double score = score(words, c.words(), meters, Math.abs(at - c.createdAt()) / 3_600_000.0, s);
      if (score >= s.flagAt()) scored.add(new Scored(c.id(), score));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    if (!scored.isEmpty() && scored.get(0).score() >= s.mergeAt()) return new Verdict(scored.get(0).id(), List.of());
    return new Verdict(null, scored.stream().limit(5).map(Scored::id).toList());
  }

  /**
   * How likely two reports of a category are one incident, in [0, 1]: what their words share (the
   * better of bigrams and weighted synonym keys), halved when they name different buildings or doors,
   * lowered a little the farther and the longer apart they were filed (the same incident is mostly
   * reported near where it is and while it lasts; the filters have kept only those within the radius
   * and the window).
   */
  public static double score(Wording a, Wording b, double meters, double hours, Settings s) {
    double words = Math.max(a.bigramSimilarity(b), a.wordSimilarity(b));
    if (a.otherNumbers(b)) words /= 2;
    double apart = 1 - FAR * Math.min(1, meters / s.radiusMeters());
    double later = 1 - LATE * Math.min(1, hours / s.windowHours());
    return words * apart * later;
  }

  /** The texts' similarity alone, in [0, 1]. */
  public static double similarity(String a, String b) {
    Wording x = Wording.of(a);
    Wording y = Wording.of(b);
    return Math.max(x.bigramSimilarity(y), x.wordSimilarity(y));
  }
}
