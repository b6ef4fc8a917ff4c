package org.griddispatch.intake;

import java.util.Arrays;
import java.util.List;

/**
 * Chooses the weights of the signals and the thresholds from the tuning pairs alone ({@link #TUNING}:
 * {@code tuning.jsonl} and the former held-out {@code heldout.jsonl}, 539 pairs; never
 * {@code heldout-b.jsonl}); run its main by
 * hand after {@code mvn -o test-compile}, with the test class path, and copy what it prints into
 * {@code Duplicates} (argument {@code keep}: the weights as they are). Weights: logistic regression
 * with a small L2 penalty. Flag: the highest threshold that still flags {@link #FLAG_RECALL} of the
 * tuning duplicates. Merge on agreement: of every combination of score, words, fault words, hours
 * and metres, the one that merges the most tuning duplicates with no non-duplicate merged even with
 * every threshold a margin looser (the strictest among equals).
 */
public final class DuplicateThresholds {
  /** Above the highest score of a non-duplicate, so that one a little closer is not merged either. */
  static final double MERGE_MARGIN = 0.03;
  /** A margin over the goal of nine in ten: the held-out half will not be as kind. */
  static final double FLAG_RECALL = 0.95;
  static final double L2 = 0.01;

  public static void main(String[] args) throws Exception {
    List<DuplicateEvaluation.Pair> tuning = tuning();
    if (args.length == 0 || !args[0].equals("keep")) {
      double[] w = fit(tuning);
      System.out.println("WEIGHTS = {" + String.join(", ", Arrays.stream(w).mapToObj(x -> String.format("%.3f", x)).toList()) + "}");
      System.arraycopy(w, 0, Duplicates.WEIGHTS, 0, w.length);
      tuning = tuning();
    }
    double worstOther = tuning.stream().filter(p -> !p.duplicate()).mapToDouble(DuplicateEvaluation.Pair::score).max().orElse(0);
    double mergeAt = Math.ceil((worstOther + MERGE_MARGIN) * 100) / 100;
    double[] dupScores = tuning.stream().filter(DuplicateEvaluation.Pair::duplicate).mapToDouble(DuplicateEvaluation.Pair::score).sorted().toArray();
    double flagAt = Math.floor(dupScores[(int) Math.floor(dupScores.length * (1 - FLAG_RECALL))] * 100) / 100;
    System.out.printf("tuning %d pairs: highest non-duplicate %.3f -> mergeAt %.2f; flagAt %.2f%n", tuning.size(), worstOther, mergeAt, flagAt);
    System.out.println("flag  " + DuplicateEvaluation.at(tuning, flagAt));
    // merge where every signal agrees: the highest recall with no non-duplicate within the margins of any
    Duplicates.Settings chosen = null;
    long bestTp = -1;
    double bestStrictness = -1;
    for (double at = flagAt; at < 0.96; at += 0.05) {
      for (double text = 0.10; text <= 0.91; text += 0.05) {
        for (double faults : new double[] {0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 0.99}) {
          for (double hours : new double[] {6, 12, 24, 48, 72}) {
            for (double meters : new double[] {50, 75, 100, 150, 250}) {
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
    System.out.printf("merge at score %.2f, words %.2f, faults %.2f, within %.0f h and %.0f m: %d of %d duplicates%n",
        chosen.mergeAt(), chosen.mergeText(), chosen.mergeFaults(), chosen.mergeHours(), chosen.mergeMeters(), bestTp,
        tuning.stream().filter(DuplicateEvaluation.Pair::duplicate).count());
    System.out.println("merge " + DuplicateEvaluation.merges(tuning, chosen));
    System.out.print(DuplicateEvaluation.confusion(tuning, chosen));
    if (args.length > 1) DuplicateEvaluation.printMistakes(tuning, mergeAt, flagAt);
  }

  /** The pairs that tune: both files written before the blind one, each counted for commonness on its own. */
  static List<DuplicateEvaluation.Pair> tuning() throws java.io.IOException {
    List<DuplicateEvaluation.Pair> all = new java.util.ArrayList<>();
    for (String file : TUNING) all.addAll(DuplicateEvaluation.pairs(file));
    return all;
  }

  /** What tunes: the first tuning file and the former held-out one, both looked at while the method was built. */
  static final List<String> TUNING = List.of("tuning.jsonl", "heldout.jsonl");

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
