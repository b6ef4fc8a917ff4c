package org.griddispatch.intake;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Duplicate detection measured on the held-out pairs ({@code src/test/resources/dedup/heldout.jsonl}),
 * which chose nothing: the thresholds come from the tuning half ({@link DuplicateThresholds}). The
 * figures are printed and stated in docs/duplicates.md. A wrong automatic merge hides a real problem,
 * so merge precision below 1.00 fails the build.
 */
class DuplicateDetectionQualityTest {
  @Test
  void noAutomaticMergeOfTwoProblemsOnTheHeldOutPairs() throws IOException {
    List<DuplicateEvaluation.Pair> heldOut = DuplicateEvaluation.pairs("heldout.jsonl");
    assertThat(heldOut).hasSizeGreaterThanOrEqualTo(150);
    Duplicates.Settings s = DuplicateEvaluation.DEFAULTS;
    DuplicateEvaluation.Figures merge = DuplicateEvaluation.at(heldOut, s.mergeAt());
    DuplicateEvaluation.Figures flag = DuplicateEvaluation.at(heldOut, s.flagAt());
    System.out.printf("held-out %d pairs: merge at %.2f %s; flag at %.2f %s%n%s", heldOut.size(), s.mergeAt(), merge,
        s.flagAt(), flag, DuplicateEvaluation.confusion(heldOut, s.mergeAt(), s.flagAt()));
    for (DuplicateEvaluation.By by : List.of(DuplicateEvaluation.By.BIGRAMS, DuplicateEvaluation.By.TEXT)) {
      List<DuplicateEvaluation.Pair> other = DuplicateEvaluation.pairs("heldout.jsonl", by);
      System.out.printf("  by %s: merge %s; flag %s; at 0.65/0.45: merge %s; flag %s%n", by,
          DuplicateEvaluation.at(other, s.mergeAt()), DuplicateEvaluation.at(other, s.flagAt()),
          DuplicateEvaluation.at(other, 0.65), DuplicateEvaluation.at(other, 0.45));
    }
    assertThat(merge.precision()).as("automatic merges on the held-out pairs").isEqualTo(1.0);
  }

  @Test
  void similarityBasics() {
    assertThat(Duplicates.similarity("路灯不亮", "路灯不亮")).isEqualTo(1.0);
    assertThat(Duplicates.similarity("路灯不亮！", " 路灯 不亮")).isEqualTo(1.0);
    assertThat(Duplicates.similarity("路灯不亮", "井盖丢了")).isZero();
    // synonyms the 词林 or the table knows, which share no bigram
    assertThat(Duplicates.similarity("煤气味很重", "燃气味很重")).isGreaterThan(0.6);
    assertThat(Duplicates.similarity("街灯坏了", "路灯不亮")).isGreaterThan(0.6);
  }
}
