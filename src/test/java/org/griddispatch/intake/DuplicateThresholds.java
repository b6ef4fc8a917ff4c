package org.griddispatch.intake;

import java.util.List;

/**
 * Chooses {@code dedup.mergeAt} and {@code dedup.flagAt} from the tuning pairs alone; run its main by
 * hand after {@code mvn -o test-compile}, with the test class path. Merge: the lowest threshold
 * with precision 1.00, plus a margin, since a wrong merge hides a problem. Flag: the highest
 * threshold that still flags nine in ten tuning duplicates.
 */
public final class DuplicateThresholds {
  /** Above the highest score of a non-duplicate, so that one a little closer is not merged either. */
  static final double MERGE_MARGIN = 0.02;

  public static void main(String[] args) throws Exception {
    List<DuplicateEvaluation.Pair> tuning = DuplicateEvaluation.pairs("tuning.jsonl");
    double worstOther = tuning.stream().filter(p -> !p.duplicate()).mapToDouble(DuplicateEvaluation.Pair::score).max().orElse(0);
    double mergeAt = Math.ceil((worstOther + MERGE_MARGIN) * 100) / 100;
    double[] dupScores = tuning.stream().filter(DuplicateEvaluation.Pair::duplicate).mapToDouble(DuplicateEvaluation.Pair::score).sorted().toArray();
    double flagAt = Math.floor(dupScores[(int) Math.floor(dupScores.length * 0.10)] * 100) / 100;
    System.out.printf("tuning %d pairs: highest non-duplicate %.3f -> mergeAt %.2f; flagAt %.2f%n", tuning.size(), worstOther, mergeAt, flagAt);
    System.out.println("merge " + DuplicateEvaluation.at(tuning, mergeAt));
    System.out.println("flag  " + DuplicateEvaluation.at(tuning, flagAt));
    DuplicateEvaluation.printMistakes(tuning, mergeAt, flagAt);
  }
}
