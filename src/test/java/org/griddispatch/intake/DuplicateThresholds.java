package org.griddispatch.intake;

import java.util.Arrays;
import java.util.List;

/**
 * Chooses the weights of the signals and the thresholds from the tuning pairs alone ({@link #TUNING}:
 * {@code tuning.jsonl} and the former held-out {@code heldout.jsonl}, {@code heldout-b.jsonl} and
 * {@code heldout-c.jsonl}, 1051 pairs; never {@code heldout-d.jsonl}); run its main by
 * hand after {@code mvn -o test-compile}, with the test class path, and copy what it prints into
 * {@code Duplicates} (argument {@code keep}: the weights as they are). Weights: logistic regression
 * with a small L2 penalty. Flag: the highest threshold that still flags {@link #FLAG_RECALL} of the
 * tuning duplicates. Merge on agreement: of every combination of score, words, fault words, hours
 * and metres, the one that merges the most tuning duplicates with no non-duplicate merged even with
 * every threshold a margin looser (the strictest among equals). Argument {@code cv [folds] [seed] [mistakes]}:
 * the same choices cross-validated ({@link #crossValidate}), the figures to judge a change by.
 */
public final class DuplicateThresholds {
  /** How much looser than each merge threshold no non-duplicate may be merged. */
  static final double MERGE_MARGIN = 0.03;
  /**
   * The share of the tuning duplicates the flag threshold is set to flag: chosen by {@code cv}, the
   * target whose cross-validated recall is at least {@link #CV_RECALL} with the highest
   * cross-validated precision (0.95: precision 0.95, recall 0.95; 0.93 reached recall 0.92 only).
   */
  static final double FLAG_RECALL = 0.95;
  /** The cross-validated flag recall a target must reach: the goal of 0.9 and a margin. */
  static final double CV_RECALL = 0.93;
  static final double L2 = 0.01;

  /** What the tuning pairs choose: the weights, the flag threshold and the merge on agreement. */
  record Chosen(double[] weights, double flagAt, Duplicates.Settings merge, long merged) {}

  public static void main(String[] args) throws Exception {
    List<DuplicateEvaluation.Pair> tuning = tuning();
    String mode = args.length == 0 ? "fit" : args[0];
    if (mode.equals("cv")) {
      boolean mistakes = Arrays.asList(args).contains("mistakes");
      String seed = args.length > 2 && !args[2].equals("mistakes") ? args[2] : "";
      crossValidate(tuning, args.length > 1 ? Integer.parseInt(args[1]) : FOLDS, seed, mistakes);
      return;
    }
    Chosen c = choose(tuning, !mode.equals("keep"), FLAG_RECALL);
    if (!mode.equals("keep")) {
      System.out.println("WEIGHTS = {" + String.join(", ", Arrays.stream(c.weights()).mapToObj(x -> String.format("%.3f", x)).toList()) + "}");
    }
    List<DuplicateEvaluation.Pair> scored = tuning.stream().map(p -> p.scoredBy(c.weights())).toList();
    System.out.printf("tuning %d pairs: flagAt %.2f (in sample, not a measure: see cv)%n", scored.size(), c.flagAt());
    System.out.println("flag  " + DuplicateEvaluation.at(scored, c.flagAt()));
    Duplicates.Settings m = c.merge();
    System.out.printf("merge at score %.2f, words %.2f, faults %.2f, within %.0f h and %.0f m: %d of %d duplicates%n",
        m.mergeAt(), m.mergeText(), m.mergeFaults(), m.mergeHours(), m.mergeMeters(), c.merged(),
        scored.stream().filter(DuplicateEvaluation.Pair::duplicate).count());
    System.out.println("merge " + DuplicateEvaluation.merges(scored, m));
    System.out.print(DuplicateEvaluation.confusion(scored, m));
    if (args.length > 1) DuplicateEvaluation.printMistakes(scored, m.mergeAt(), c.flagAt());
  }

  /**
   * Fits the weights on {@code pairs} (or keeps {@code Duplicates.WEIGHTS}), then chooses on them the
   * flag threshold (the highest that flags {@code flagRecall} of their duplicates) and the merge on
   * agreement (of every combination of score, words, fault words, hours and metres, the one that merges
   * the most duplicates with no non-duplicate merged even with every threshold a margin looser, the
   * strictest among equals).
   */
  static Chosen choose(List<DuplicateEvaluation.Pair> pairs, boolean fitWeights, double flagRecall) {
    double[] w = fitWeights ? fit(pairs) : Duplicates.WEIGHTS.clone();
    List<DuplicateEvaluation.Pair> tuning = pairs.stream().map(p -> p.scoredBy(w)).toList();
    double[] dupScores = tuning.stream().filter(DuplicateEvaluation.Pair::duplicate).mapToDouble(DuplicateEvaluation.Pair::score).sorted().toArray();
    double flagAt = Math.floor(dupScores[(int) Math.floor(dupScores.length * (1 - flagRecall))] * 100) / 100;
    Duplicates.Settings chosen = null;
    long bestTp = -1;
    double bestStrictness = -1;
    for (double at = flagAt; at < 0.96; at += 0.05) {
      for (double text = 0.10; text <= 0.91; text += 0.05) {
        for (double faults : new double[] {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 0.99}) {
          for (double hours : new double[] {6, 12, 24, 48}) {
            for (double meters : new double[] {30, 50, 75}) {
              Duplicates.Settings s = new Duplicates.Settings(250, 72, at, flagAt, 20, text, faults, hours, meters, Duplicates.MERGE_MARGIN,
                  Duplicates.MERGE_REPEAT, true);
              Duplicates.Settings loose = new Duplicates.Settings(250, 72, at - MERGE_MARGIN, flagAt, 20, text - MERGE_MARGIN,
                  faults - 0.1, hours * 1.25, meters * 1.25, Duplicates.MERGE_MARGIN, Duplicates.MERGE_REPEAT - MERGE_MARGIN, true);
              boolean clean = tuning.stream().noneMatch(p -> !p.duplicate() && DuplicateEvaluation.merged(p, loose));
              if (!clean) continue;
              long tp = tuning.stream().filter(p -> p.duplicate() && DuplicateEvaluation.merged(p, s)).count();
              double strictness = at + text + faults - hours / 72 - meters / 250;
              if (tp > bestTp || tp == bestTp && strictness > bestStrictness) { bestTp = tp; bestStrictness = strictness; chosen = s; }
            }
          }
        }
      }
    }
    return new Chosen(w, flagAt, chosen, bestTp);
  }

  /** The duplicates' median distance and time apart: {@code {metres, hours}}. */
  static double[] closeness(List<DuplicateEvaluation.Pair> pairs) {
    double[] m = pairs.stream().filter(DuplicateEvaluation.Pair::duplicate).mapToDouble(p -> p.signals().meters()).sorted().toArray();
    double[] h = pairs.stream().filter(DuplicateEvaluation.Pair::duplicate).mapToDouble(p -> p.signals().hours()).sorted().toArray();
    return new double[] {m[m.length / 2], h[h.length / 2]};
  }

  /** Folds of the cross-validation, by default. */
  static final int FOLDS = 5;

  /** A pair's fold: a fixed hash of its two texts, so the folds are the same on every run and every machine. */
  static int fold(DuplicateEvaluation.Pair p, int folds, String seed) {
    return Math.floorMod((seed + p.a() + "|" + p.b()).hashCode(), folds);
  }

  /**
   * Cross-validation on the tuning pairs: for each of {@code folds} folds, the weights, the flag
   * threshold and the merge on agreement are chosen on the other folds ({@link #choose}) and the held
   * fold is measured by them; the figures are the held folds' counts summed. Printed for several flag
   * recall targets (the flag threshold is chosen by the target whose held recall reaches 0.9 with the
   * highest held precision), with the held figures by file and by kind of pair at {@link #FLAG_RECALL};
   * and the same held pairs with each other problem at one place (not the same problem at another
   * spot) filed as close as the duplicates' median, as such a pair is at a real place (the tuning
   * files draw it anywhere in the radius and the window): how much of the result is closeness.
   * {@code seed} (empty by default) is put before the texts to draw other folds; {@code mistakes}: the
   * held pairs each decision got wrong.
   */
  static void crossValidate(List<DuplicateEvaluation.Pair> all, int folds, String seed, boolean mistakes) {
    System.out.printf("cross-validation, %d folds by a hash of each pair's texts%s, %d pairs (%d duplicates)%n", folds,
        seed.isEmpty() ? "" : " after \"" + seed + "\"", all.size(),
        all.stream().filter(DuplicateEvaluation.Pair::duplicate).count());
    // the duplicates' median distance and time apart, where the others at one place are moved to in the "close" figures
    double closeMeters = closeness(all)[0], closeHours = closeness(all)[1];
    double chosenTarget = Double.NaN, chosenPrecision = -1;
    for (double target : new double[] {0.90, 0.93, 0.95, 0.97}) {
      List<DuplicateEvaluation.Pair> held = new java.util.ArrayList<>();
      List<Boolean> closeFlagged = new java.util.ArrayList<>(), closeAgreed = new java.util.ArrayList<>();
      List<Boolean> flagged = new java.util.ArrayList<>(), agreed = new java.util.ArrayList<>(), repeated = new java.util.ArrayList<>();
      StringBuilder chosen = new StringBuilder();
      for (int f = 0; f < folds; f++) {
        int k = f;
        List<DuplicateEvaluation.Pair> train = all.stream().filter(p -> fold(p, folds, seed) != k).toList();
        Chosen c = choose(train, true, target);
        chosen.append(String.format(" %.2f/%.2f/%.2f/%.2f/%.0fh/%.0fm", c.flagAt(), c.merge().mergeAt(), c.merge().mergeText(),
            c.merge().mergeFaults(), c.merge().mergeHours(), c.merge().mergeMeters()));
        Duplicates.Settings repeats = c.merge().onAgreement(false);
        for (DuplicateEvaluation.Pair p : all) {
          if (fold(p, folds, seed) != k) continue;
          DuplicateEvaluation.Pair q = p.scoredBy(c.weights());
          held.add(q);
          flagged.add(q.score() >= c.flagAt());
          agreed.add(DuplicateEvaluation.merged(q, c.merge()));
          repeated.add(DuplicateEvaluation.merged(q, repeats));
          // another problem at the place filed as close as a duplicate typically is (another spot stays where it was)
          DuplicateEvaluation.Pair near = p.duplicate() || p.kind().equals("same_problem_other_spot") ? q
              : p.movedTo(Math.min(closeMeters, p.signals().meters()), Math.min(closeHours, p.signals().hours()), c.weights());
          closeFlagged.add(near.score() >= c.flagAt());
          closeAgreed.add(DuplicateEvaluation.merged(near, c.merge()));
        }
      }
      System.out.printf("flag recall target %.2f (per fold flag/mergeAt/words/faults/hours/metres:%s)%n", target, chosen);
      DuplicateEvaluation.Figures flag = figures(held, flagged, null);
      System.out.println("  flag                 " + flag);
      if (flag.recall() >= CV_RECALL && flag.precision() > chosenPrecision) { chosenTarget = target; chosenPrecision = flag.precision(); }
      System.out.println("  merge on agreement   " + figures(held, agreed, null));
      System.out.println("  merge, repeats only  " + figures(held, repeated, null));
      System.out.printf("  others at one place as close as the duplicates' median (%.0f m, %.1f h): flag %s; merge on agreement %s%n",
          closeMeters, closeHours, figures(held, closeFlagged, null), figures(held, closeAgreed, null));
      if (target != FLAG_RECALL) continue;
      for (String file : TUNING) {
        System.out.printf("  %-14s flag %s; merge on agreement %s%n", file, figures(held, flagged, file), figures(held, agreed, file));
      }
      java.util.Map<String, long[]> byKind = new java.util.TreeMap<>();
      for (int i = 0; i < held.size(); i++) {
        DuplicateEvaluation.Pair p = held.get(i);
        long[] n = byKind.computeIfAbsent((p.duplicate() ? "duplicate " : "other ") + p.kind(), x -> new long[3]);
        n[agreed.get(i) ? 0 : flagged.get(i) ? 1 : 2]++;
      }
      System.out.println("  by kind, merged on agreement / flagged only / left:");
      byKind.forEach((kind, n) -> System.out.printf("    %-36s %d / %d / %d%n", kind, n[0], n[1], n[2]));
      if (!mistakes) continue;
      for (int i = 0; i < held.size(); i++) {
        DuplicateEvaluation.Pair p = held.get(i);
        String what = !p.duplicate() && agreed.get(i) ? "MERGED" : p.duplicate() != flagged.get(i) ? (p.duplicate() ? "missed" : "flagged")
            : !p.duplicate() && closeAgreed.get(i) ? "merged-close" : !p.duplicate() && closeFlagged.get(i) ? "flagged-close" : null;
        if (what != null) System.out.printf("%s %s %s %.3f %s | %s %s%n", what, p.category(), p.kind(), p.score(), p.a(), p.b(), p.signals());
      }
    }
    System.out.printf("flag recall target chosen: %.2f (held recall at least %.2f, the highest held precision); FLAG_RECALL is %.2f%n",
        chosenTarget, CV_RECALL, FLAG_RECALL);
  }

  /** Precision and recall of a decision over the held pairs (of one file, or all where {@code file} is null). */
  private static DuplicateEvaluation.Figures figures(List<DuplicateEvaluation.Pair> held, List<Boolean> said, String file) {
    long tp = 0, fp = 0, fn = 0, tn = 0;
    for (int i = 0; i < held.size(); i++) {
      DuplicateEvaluation.Pair p = held.get(i);
      if (file != null && !file.equals(p.file())) continue;
      if (said.get(i) && p.duplicate()) tp++;
      else if (said.get(i)) fp++;
      else if (p.duplicate()) fn++;
      else tn++;
    }
    return new DuplicateEvaluation.Figures(tp, fp, fn, tn);
  }

  /** The pairs that tune: both files written before the blind one, each counted for commonness on its own. */
  static List<DuplicateEvaluation.Pair> tuning() throws java.io.IOException {
    List<DuplicateEvaluation.Pair> all = new java.util.ArrayList<>();
    for (String file : TUNING) all.addAll(DuplicateEvaluation.pairs(file));
    return all;
  }

  /**
   * What tunes: the first tuning file and the three former held-out ones, all looked at or measured
   * ({@code heldout-b.jsonl} and {@code heldout-c.jsonl} each measured blind, then folded in); never
   * {@code heldout-d.jsonl}.
   */
  static final List<String> TUNING = List.of("tuning.jsonl", "heldout.jsonl", "heldout-b.jsonl", "heldout-c.jsonl");

  static double text(DuplicateEvaluation.Pair p) {
    return p.signals().text();
  }

  /** Logistic regression by gradient descent over the pairs' features. */
  static double[] fit(List<DuplicateEvaluation.Pair> pairs) {
    int n = pairs.get(0).features().length;
    double[] w = new double[n];
    for (int it = 0; it < 20_000; it++) {
      double[] g = new double[n];
      for (DuplicateEvaluation.Pair p : pairs) {
        double z = 0;
        for (int i = 0; i < n; i++) z += w[i] * p.features()[i];
        double err = 1 / (1 + Math.exp(-z)) - (p.duplicate() ? 1 : 0);
        for (int i = 0; i < n; i++) g[i] += err * p.features()[i];
      }
      for (int i = 0; i < n; i++) w[i] -= 0.5 * (g[i] / pairs.size() + (i == 0 ? 0 : L2 * w[i]));
    }
    return w;
  }
}
