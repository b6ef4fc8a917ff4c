package org.griddispatch.intake;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Precision and recall of the description similarity on the labelled pairs
 * ({@code src/test/resources/dedup/pairs.tsv}, same category and within the radius by construction),
 * at the default thresholds. The figures are printed and stated in docs/duplicates.md.
 */
class DuplicateDetectionQualityTest {
  record Pair(boolean duplicate, double score) {}

  static List<Pair> pairs() throws IOException {
    try (InputStream in = DuplicateDetectionQualityTest.class.getClassLoader().getResourceAsStream("dedup/pairs.tsv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\t"))
          .map(p -> new Pair(p[0].equals("1"), Duplicates.similarity(p[1], p[2])))
          .toList();
    }
  }

  static double[] precisionRecall(List<Pair> pairs, double threshold) {
    long tp = pairs.stream().filter(p -> p.duplicate() && p.score() >= threshold).count();
    long fp = pairs.stream().filter(p -> !p.duplicate() && p.score() >= threshold).count();
    long fn = pairs.stream().filter(p -> p.duplicate() && p.score() < threshold).count();
    return new double[] {tp + fp == 0 ? 1 : (double) tp / (tp + fp), tp + fn == 0 ? 1 : (double) tp / (tp + fn)};
  }

  @Test
  void automaticMergesAreRightAndFlagsMissNoDuplicate() throws IOException {
    List<Pair> pairs = pairs();
    assertThat(pairs).hasSizeGreaterThanOrEqualTo(40);
    Duplicates.Settings s = Duplicates.Settings.from(new io.vertx.core.json.JsonObject());
    double[] merge = precisionRecall(pairs, s.mergeAt());
    double[] flag = precisionRecall(pairs, s.flagAt());
    System.out.printf("pairs %d (%d duplicates): merge at %.2f precision %.2f recall %.2f; flag at %.2f precision %.2f recall %.2f%n",
        pairs.size(), pairs.stream().filter(Pair::duplicate).count(), s.mergeAt(), merge[0], merge[1], s.flagAt(), flag[0], flag[1]);
    // merging wrongly hides a real problem: it must be (nearly) never wrong
    assertThat(merge[0]).isGreaterThanOrEqualTo(0.95);
    assertThat(merge[1]).isGreaterThanOrEqualTo(0.4);
    // what is not merged should still reach the dispatcher as a candidate
    assertThat(flag[1]).isGreaterThanOrEqualTo(0.9);
    assertThat(flag[0]).isGreaterThanOrEqualTo(0.75);
  }

  @Test
  void similarityBasics() {
    assertThat(Duplicates.similarity("路灯不亮", "路灯不亮")).isEqualTo(1.0);
    assertThat(Duplicates.similarity("路灯不亮！", " 路灯 不亮")).isEqualTo(1.0);
    assertThat(Duplicates.similarity("路灯不亮", "井盖丢了")).isZero();
    assertThat(org.griddispatch.geo.Distances.meters(31.4601, 104.7402, 31.4601, 104.7402)).isZero();
    assertThat(org.griddispatch.geo.Distances.meters(31.4601, 104.7402, 31.4610, 104.7402)).isBetween(99.0, 101.0);
  }
}
