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
    Words words = Words.of(report.description());
    for (OpenReports.Entry c : candidates) {
      if (Distances.meters(report.lat(), report.lon(), c.lat(), c.lon()) > s.radiusMeters()) continue;
      double score = words.similarity(c.words());
      if (score >= s.flagAt()) scored.add(new Scored(c.id(), score));
    }
    scored.sort(Comparator.comparingDouble(Scored::score).reversed());
    if (!scored.isEmpty() && scored.get(0).score() >= s.mergeAt()) return new Verdict(scored.get(0).id(), List.of());
    return new Verdict(null, scored.stream().limit(5).map(Scored::id).toList());
  }

  /** Dice coefficient of the two texts' character bigrams, in [0, 1]. */
  public static double similarity(String a, String b) {
    return Words.of(a).similarity(Words.of(b));
  }

  /**
   * A text's distinct character bigrams, each two code points packed in a long, sorted: a report is
   * compared with up to {@code candidates} texts, so it is taken apart once and compared by a merge.
   */
  record Words(String normalized, long[] bigrams) {
    static Words of(String text) {
      // letters and digits only (CJK included), lower-cased: punctuation and spacing carry no meaning here.
      // Plain loops, no streams: a node takes apart every open report of the window at start.
      String t = text == null ? "" : text;
      int[] cps = new int[t.length()];
      int n = 0;
      for (int i = 0; i < t.length(); ) {
        int cp = t.codePointAt(i);
        i += Character.charCount(cp);
        if (Character.isLetterOrDigit(cp)) cps[n++] = Character.toLowerCase(cp);
      }
      long[] grams = new long[Math.max(0, n - 1)];
      for (int i = 0; i + 1 < n; i++) grams[i] = ((long) cps[i] << 32) | cps[i + 1];
      Arrays.sort(grams);
      int distinct = 0;
      for (int i = 0; i < grams.length; i++) if (i == 0 || grams[i] != grams[i - 1]) grams[distinct++] = grams[i];
      // the text itself matters only to compare texts too short for a bigram; kept for those alone
      return new Words(distinct == 0 ? new String(cps, 0, n) : "", Arrays.copyOf(grams, distinct));
    }

    double similarity(Words other) {
      long[] x = bigrams;
      long[] y = other.bigrams;
      if (x.length == 0 || y.length == 0) return normalized.equals(other.normalized) && !normalized.isEmpty() ? 1.0 : 0.0;
      int common = 0;
      for (int i = 0, j = 0; i < x.length && j < y.length; ) {
        if (x[i] == y[j]) { common++; i++; j++; }
        else if (x[i] < y[j]) i++;
        else j++;
      }
      return 2.0 * common / (x.length + y.length);
    }
  }
}
