package org.griddispatch.intake;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The labelled pairs of src/test/resources/dedup scored as intake scores them, and the figures at two thresholds. */
final class DuplicateEvaluation {
  record Pair(String category, String kind, boolean duplicate, double score) {}

  /** Precision and recall of one decision; {@code tp, fp, fn, tn} counted. */
  record Figures(long tp, long fp, long fn, long tn) {
    double precision() { return tp + fp == 0 ? 1 : (double) tp / (tp + fp); }
    double recall() { return tp + fn == 0 ? 1 : (double) tp / (tp + fn); }
    @Override public String toString() {
      return String.format("precision %.2f (%d of %d), recall %.2f (%d of %d)", precision(), tp, tp + fp, recall(), tp, tp + fn);
    }
  }

  private DuplicateEvaluation() {}

  static final Duplicates.Settings DEFAULTS = Duplicates.Settings.from(new JsonObject());

  /** What a pair is scored by: the former character bigrams alone, today's text alone, or text, distance and time. */
  enum By { BIGRAMS, TEXT, ALL }

  static List<Pair> pairs(String file) throws IOException {
    return pairs(file, By.ALL);
  }

  /** {@code file} in dedup/, scored {@code by}. */
  static List<Pair> pairs(String file, By by) throws IOException {
    try (InputStream in = DuplicateEvaluation.class.getClassLoader().getResourceAsStream("dedup/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank())
          .map(JsonObject::new)
          .map(p -> new Pair(p.getString("category"), p.getString("kind"), p.getBoolean("duplicate"),
              score(p, by)))
          .toList();
    }
  }

  private static double score(JsonObject p, By by) {
    Wording a = Wording.of(p.getString("a"));
    Wording b = Wording.of(p.getString("b"));
    return switch (by) {
      case BIGRAMS -> a.bigramSimilarity(b);
      case TEXT -> Duplicates.score(a, b, 0, 0, DEFAULTS);
      case ALL -> Duplicates.score(a, b, p.getDouble("meters"), p.getDouble("hours"), DEFAULTS);
    };
  }

  static Figures at(List<Pair> pairs, double threshold) {
    long tp = 0, fp = 0, fn = 0, tn = 0;
    for (Pair p : pairs) {
      boolean said = p.score() >= threshold;
      if (said && p.duplicate()) tp++;
      else if (said) fp++;
      else if (p.duplicate()) fn++;
      else tn++;
    }
    return new Figures(tp, fp, fn, tn);
  }

  /** Per category: merged, flagged (not merged) and left, of the duplicates and of the others. */
  static String confusion(List<Pair> pairs, double mergeAt, double flagAt) {
    Map<String, long[]> byCategory = new TreeMap<>();
    for (Pair p : pairs) {
      long[] c = byCategory.computeIfAbsent(p.category(), k -> new long[6]);
      int decision = p.score() >= mergeAt ? 0 : p.score() >= flagAt ? 1 : 2;
      c[(p.duplicate() ? 0 : 3) + decision]++;
    }
    StringBuilder b = new StringBuilder("| category | duplicates merged / flagged / missed | others merged / flagged / left |\n|---|---|---|\n");
    byCategory.forEach((k, c) -> b.append(String.format("| %s | %d / %d / %d | %d / %d / %d |%n", k, c[0], c[1], c[2], c[3], c[4], c[5])));
    return b.toString();
  }

  /** Scores of the pairs a decision got wrong, for reading. */
  static void printMistakes(List<Pair> pairs, double mergeAt, double flagAt) {
    for (Pair p : pairs) {
      if (p.duplicate() && p.score() < flagAt || !p.duplicate() && p.score() >= flagAt) {
        System.out.printf("%s %s %s %.3f%n", p.duplicate() ? "missed" : "flagged", p.category(), p.kind(), p.score());
      }
    }
  }
}
