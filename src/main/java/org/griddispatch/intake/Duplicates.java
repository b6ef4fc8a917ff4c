package org.griddispatch.intake;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.geo.Distances;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * 去重: is a new report one already being handled? Candidates are open tickets of the same category
 * within a radius (default 250 m) filed within a time window (default 72 h). Each is scored from its
 * signals ({@link Signals}): what the descriptions share (words as synonym keys, the words every report
 * of the category uses discounted, and character bigrams), how far and how long apart the two were
 * filed, and whether they name the same building or door. At or above {@code mergeAt} the report is
 * merged; at or above {@code flagAt} it is flagged for the dispatcher with its reasons. The weights and
 * both thresholds come from the tuning half of the labelled pairs in {@code src/test/resources/dedup/}
 * (docs/duplicates.md).
 */
public final class Duplicates {
  /** {@code candidates}: how many of the newest open tickets nearby a report is compared with. */
  public record Settings(double radiusMeters, int windowHours, double mergeAt, double flagAt, int candidates, double mergeText,
                         double mergeFaults, double mergeHours, double mergeMeters, double mergeMargin, double mergeRepeat,
                         boolean mergeOnAgreement) {
    public static Settings from(JsonObject config) {
      JsonObject d = config.getJsonObject("dedup", new JsonObject());
      return new Settings(d.getDouble("radiusMeters", 250.0), d.getInteger("windowHours", 72),
          d.getDouble("mergeAt", MERGE_AT), d.getDouble("flagAt", FLAG_AT), d.getInteger("candidates", 20),
          d.getDouble("mergeText", MERGE_TEXT), d.getDouble("mergeFaults", MERGE_FAULTS), d.getDouble("mergeHours", MERGE_HOURS),
          d.getDouble("mergeMeters", MERGE_METERS), d.getDouble("mergeMargin", MERGE_MARGIN), d.getDouble("mergeRepeat", MERGE_REPEAT),
          d.getBoolean("mergeOnAgreement", MERGE_ON_AGREEMENT));
    }

    /** The same checks with no automatic merge: what would merge is flagged, with its reason. */
    public Settings flagOnly() {
      return new Settings(radiusMeters, windowHours, Double.POSITIVE_INFINITY, flagAt, candidates, mergeText, mergeFaults,
          mergeHours, mergeMeters, mergeMargin, Double.POSITIVE_INFINITY, false);
    }

    /** The same settings with the merge on agreement of every signal on or off. */
    public Settings onAgreement(boolean on) {
      return new Settings(radiusMeters, windowHours, mergeAt, flagAt, candidates, mergeText, mergeFaults, mergeHours, mergeMeters,
          mergeMargin, mergeRepeat, on);
    }

    /**
     * Whether a candidate may take the report automatically. Always: nothing says two places. Then
     * either a repeat filed within {@link #REPEAT_HOURS} (character bigrams at {@code mergeRepeat}: the
     * same words, as a resident sending twice), or, only where {@code mergeOnAgreement} is on, every
     * signal agrees: filed within {@code mergeHours}; the score at {@code mergeAt}; the words at
     * {@code mergeText}; exactly the same kinds of fault of the category named by both, and no kind
     * named by one only ({@code sameKinds}, {@link Problems}: 不亮 / 黑漆漆, not 燃气表漏气 / 燃气表走得快);
     * no two sides of the place ({@code otherSide}: 东门 / 西边); the fault words at {@code mergeFaults};
     * the same building or door, or within {@code mergeMeters}.
     * Closeness in place and time alone never merges.
     * The merge on agreement is off by default ({@link #MERGE_ON_AGREEMENT}); where it is off, such a
     * report is flagged with its reasons instead.
     */
    public boolean merges(Candidate c) {
      Signals g = c.signals();
      if (!g.samePlace()) return false;
      if (g.bigrams() >= mergeRepeat && g.hours() <= REPEAT_HOURS) return true;
      return mergeOnAgreement && g.hours() <= mergeHours && c.score() >= mergeAt && g.text() >= mergeText
          && g.sameKinds() && !g.otherSide() && g.faults() >= mergeFaults
          && (g.sameNumber() || g.meters() <= mergeMeters);
    }
  }

  /** The thresholds chosen on the tuning pairs ({@code DuplicateThresholds}). */
  static final double MERGE_AT = 0.61;
  static final double MERGE_TEXT = 0.10;
  static final double MERGE_FAULTS = 0.00;
  static final double MERGE_HOURS = 48;
  static final double MERGE_METERS = 75;
  static final double FLAG_AT = 0.46;
  /**
   * The merge on agreement is off: cross-validated on the 1051 tuning pairs it merged no other problem
   * in any fold (recall 0.46), but on the blind heldout-d it merged five other problems of 59 merges
   * (precision 0.92, recall 0.42; docs/duplicates.md). A wrong merge hides a problem, so such a report
   * is flagged with its reasons instead; a subdistrict may switch it on ({@code dedup.mergeOnAgreement}).
   */
  static final boolean MERGE_ON_AGREEMENT = false;
  /** How far the candidate merged into must score above the next: two likely originals are the dispatcher's to choose. */
  static final double MERGE_MARGIN = 0.05;
  /** Hours within which a resident's repeat (bigrams at {@code mergeRepeat}) is merged. */
  static final double REPEAT_HOURS = 48;
  /** Character bigrams at which a report repeats another: above every tuning non-duplicate (0.78) with a margin. */
  static final double MERGE_REPEAT = 0.85;

  /**
   * The weights of {@link Signals#features}, fitted by logistic regression on the tuning pairs alone
   * ({@code DuplicateThresholds}).
   */
  static final double[] WEIGHTS = {-1.372, -1.132, -0.441, 0.053, -0.148, 0.266, 1.907, 0.260, -1.442, 0.654, 0.237, -0.099, 0.157, 1.360,
      -1.929, 0.394, 0.062};

  /** Hours over which being apart in time lowers the likelihood by e. */
  static final double HOURS_SCALE = 24;

  /** A candidate and why: the reasons a dispatcher reads, best candidate first. */
  public record Candidate(UUID id, String number, double score, Signals signals) {
    /** {@code {ticketId, number, score, meters, hoursApart, sharedWords, sameBuilding, samePhoto}}: the reason shown to the centre. */
    public JsonObject reason() {
      return reason(false);
    }

    JsonObject reason(boolean samePhoto) {
      return new JsonObject().put("ticketId", id.toString()).put("number", number).put("score", Math.round(score * 100) / 100.0)
          .put("meters", (int) Math.round(signals.meters())).put("hoursApart", Math.round(signals.hours() * 10) / 10.0)
          .put("sharedWords", new JsonArray(signals.shared())).put("sameBuilding", signals.sameNumber()).put("samePhoto", samePhoto);
    }
  }

  /** What intake should do: merge into {@code mergeInto}, or file and flag {@code candidates} (best first). */
  public record Verdict(UUID mergeInto, List<Candidate> flagged) {
    static final Verdict NONE = new Verdict(null, List.of());

    public List<UUID> candidates() {
      return flagged.stream().map(Candidate::id).toList();
    }

    /** The flagged candidates' reasons, in their order. */
    public JsonArray reasons() {
      return new JsonArray(flagged.stream().map(Candidate::reason).toList());
    }
  }

  private Duplicates() {}

  /** A report to check: its category, place, words, address and time. */
  public record Report(String category, Double lat, Double lon, String description, String address, OffsetDateTime at) {
    boolean checkable() { return category != null && lat != null && lon != null && description != null; }
  }

  /**
   * The signals of two reports of one category: {@code bigrams} (Dice of character bigrams), {@code dice}
   * and {@code contained} (the words both use, weighted and discounted by how common each is in the
   * category), {@code plain} (the same without the discount), {@code meters} and {@code hours} apart,
   * the same building or door ({@code sameNumber}) or a kind of number both name that differs, 3栋 / 9栋
   * ({@code otherNumber}; {@link PlaceNumbers}), and
   * the words both use, heaviest first; {@code faults}, how much of the fewer fault words (漏, 堵, 不亮:
   * what is wrong, not with what: 路灯, 早餐店, 锦华苑) the other says too; {@code faultConflict}, each
   * says a fault word the other does not; {@code otherFault}, both name fault groups of the synonym
   * table and not the same ones; and the words both use, heaviest first.
   */
  public record Signals(double bigrams, double dice, double contained, double plain, double meters, double hours,
                        boolean sameNumber, boolean otherNumber, boolean otherPlace, double faults, boolean faultConflict,
                        boolean otherFault, boolean sameProblem, boolean otherProblem, boolean sameKinds, boolean otherSide,
                        List<String> shared) {
    /** The words both use, weighted and discounted, in [0, 1]: what a merge needs besides the score. */
    public double text() {
      return (dice + contained) / 2;
    }

    /** Nothing says two places: no two building numbers, no two named streets or estates. */
    public boolean samePlace() {
      return !otherNumber && !otherPlace;
    }

    /** The features the weights apply to, each in [0, 1], the first the constant. */
    double[] features(Settings s) {
      double near = 1 - Math.min(1, meters / s.radiusMeters());
      double recent = Math.exp(-hours / HOURS_SCALE);
      double text = (dice + contained) / 2;
      return new double[] {1, bigrams, dice, contained, plain, near, recent, sameNumber ? 1 : 0, otherNumber ? 1 : 0,
          text * recent, text * near, text * text, otherPlace ? 1 : 0, sameProblem ? 1 : 0, otherProblem ? 1 : 0,
          faults, faultConflict ? 1 : 0};
    }
  }

  /**
   * The verdict on a report: compared with the newest {@code candidates} open reports of its category
   * in the box around it within the window, those within the radius by their signals.
   */
  public static Verdict check(OpenReports open, Report report, Settings s) {
    List<OpenReports.Entry> near = around(open, report.category(), report.lat(), report.lon(), report.at().toInstant().toEpochMilli(), s);
    if (near.isEmpty()) return Verdict.NONE;
    return verdict(report, near, open.telling(report.category()), s);
  }

  /**
   * The newest {@code candidates} open reports of the category in the box around the point, filed
   * within the window before {@code atMillis}: what a report (or its photo) is compared with. Those
   * in the box's corners, beyond the radius, are for the caller to drop.
   */
  static List<OpenReports.Entry> around(OpenReports open, String category, double lat, double lon, long atMillis, Settings s) {
    double[] box = Distances.box(lat, lon, s.radiusMeters());
    return open.near(category, box, atMillis - s.windowHours() * 3_600_000L, s.candidates());
  }

  private static Verdict verdict(Report report, List<OpenReports.Entry> candidates, Commonness.Telling telling, Settings s) {
    List<Candidate> scored = new ArrayList<>();
    List<Wording> held = new ArrayList<>();
    Wording words = Wording.of(report.description(), report.address(), report.category());
    long at = report.at().toInstant().toEpochMilli();
    for (OpenReports.Entry c : candidates) {
      double meters = Distances.meters(report.lat(), report.lon(), c.lat(), c.lon());
      if (meters > s.radiusMeters()) continue;
      Signals signals = signals(words, c.words(), meters, Math.abs(at - c.createdAt()) / 3_600_000.0, telling);
      double score = score(signals, s);
      if (score >= s.flagAt()) scored.add(new Candidate(c.id(), c.number(), score, signals));
      if (score >= s.flagAt()) held.add(c.words());
    }
    if (scored.isEmpty()) return Verdict.NONE;
    Integer[] order = new Integer[scored.size()];
    for (int i = 0; i < order.length; i++) order[i] = i;
    java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scored.get(i).score()).reversed());
    // the best candidate takes the report only if it merges and no other comes close: two likely originals
    // (two problems at one place, each like the report) are the dispatcher's to choose
    Candidate best = scored.get(order[0]);
    boolean clear = order.length == 1 || best.score() - scored.get(order[1]).score() >= s.mergeMargin();
    if (clear && s.merges(best)) return new Verdict(best.id(), List.of());
    // the words both use, for the reasons of the five shown only
    List<Candidate> shown = new ArrayList<>();
    for (int k = 0; k < Math.min(5, order.length); k++) {
      Candidate c = scored.get(order[k]);
      shown.add(new Candidate(c.id(), c.number(), c.score(), withWords(c.signals(), words, held.get(order[k]), telling)));
    }
    return new Verdict(null, shown);
  }

  /**
   * An earlier open report whose photo is the same picture as one of {@code report}'s, as a candidate:
   * its signals as text, place and time give them, and the score with half its doubt taken away (a
   * resident's photo of the same broken thing is strong evidence, not proof: it is flagged, never
   * merged on its own). Its reason is {@code reason(true)}.
   */
  static Candidate samePhoto(OpenReports.Entry report, OpenReports.Entry earlier, Commonness.Telling telling, Settings s) {
    Candidate c = compared(report, earlier, telling, s);
    return new Candidate(c.id(), c.number(), 1 - (1 - c.score()) / 2,
        withWords(c.signals(), report.words(), earlier.words(), telling));
  }

  /** Two open reports compared as a new report is with its candidates: the earlier one as a candidate, scored, without its words. */
  static Candidate compared(OpenReports.Entry report, OpenReports.Entry earlier, Commonness.Telling telling, Settings s) {
    double meters = Distances.meters(report.lat(), report.lon(), earlier.lat(), earlier.lon());
    Signals g = signals(report.words(), earlier.words(), meters, Math.abs(report.createdAt() - earlier.createdAt()) / 3_600_000.0, telling);
    return new Candidate(earlier.id(), earlier.number(), score(g, s), g);
  }

  /** The signals of two reports of one category, {@code telling} how much each word tells in it. */
  static Signals signals(Wording a, Wording b, double meters, double hours, Commonness.Telling telling) {
    double[] o = a.overlap(b, telling);
    return new Signals(a.bigramSimilarity(b), o[0], o[1], (o[2] + o[3]) / 2, meters, hours, a.sameNumber(b), a.otherNumbers(b),
        a.otherNames(b), o[4], o[5] > 0, o[6] > 0, a.sameProblem(b), a.otherProblem(b), a.sameKinds(b), a.otherSide(b), List.of());
  }

  /** The same signals with the words both use, for a candidate worth a reason. */
  static Signals withWords(Signals s, Wording a, Wording b, Commonness.Telling telling) {
    return new Signals(s.bigrams(), s.dice(), s.contained(), s.plain(), s.meters(), s.hours(), s.sameNumber(), s.otherNumber(),
        s.otherPlace(), s.faults(), s.faultConflict(), s.otherFault(), s.sameProblem(), s.otherProblem(), s.sameKinds(), s.otherSide(),
        a.sharedWords(b, telling));
  }

  /** How likely two reports are one incident, in (0, 1): the logistic of the weighted signals. */
  static double score(Signals signals, Settings s) {
    double[] f = signals.features(s);
    double z = 0;
    for (int i = 0; i < f.length; i++) z += WEIGHTS[i] * f[i];
    return 1 / (1 + Math.exp(-z));
  }

  /** What two texts share (the better of {@link Signals#text} and the bigrams), with no category discount, in [0, 1]. */
  public static double similarity(String a, String b) {
    Signals s = signals(Wording.of(a), Wording.of(b), 0, 0, Commonness.Telling.ALL);
    return Math.max(s.text(), s.bigrams());
  }
}
