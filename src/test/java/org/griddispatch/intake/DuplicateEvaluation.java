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
  record Pair(String category, String kind, boolean duplicate, double score, double[] features, String a, String b,
              Duplicates.Signals signals, String file) {
    /** The same pair scored by other weights (a fold's, in cross-validation). */
    Pair scoredBy(double[] weights) {
      double z = 0;
      for (int i = 0; i < features.length; i++) z += weights[i] * features[i];
      return new Pair(category, kind, duplicate, 1 / (1 + Math.exp(-z)), features, a, b, signals, file);
    }

    /** The same two texts filed {@code meters} and {@code hours} apart (scored by {@code weights}). */
    Pair movedTo(double meters, double hours, double[] weights) {
      Duplicates.Signals g = signals;
      Duplicates.Signals moved = new Duplicates.Signals(g.bigrams(), g.dice(), g.contained(), g.plain(), meters, hours, g.sameNumber(),
          g.otherNumber(), g.otherPlace(), g.faults(), g.faultConflict(), g.otherFault(), g.sameProblem(), g.otherProblem(), g.sameKinds(), g.otherSide(), g.shared());
      return new Pair(category, kind, duplicate, 0, moved.features(DEFAULTS), a, b, moved, file).scoredBy(weights);
    }
  }

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

  /**
   * {@code file} in dedup/, scored {@code by}. How common each word is in a category is counted over
   * the file's reports of that category, as intake counts it over the open reports of the category:
   * from the texts alone, never from the labels.
   */
  static List<Pair> pairs(String file, By by) throws IOException {
    return pairs(file, by, DEFAULTS);
  }

  static List<Pair> pairs(String file, By by, Duplicates.Settings s) throws IOException {
    List<JsonObject> rows;
    try (InputStream in = DuplicateEvaluation.class.getClassLoader().getResourceAsStream("dedup/" + file)) {
      rows = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    }
    Commonness common = new Commonness();
    for (JsonObject p : rows) {
      common.add(p.getString("category"), Wording.of(p.getString("a"), null, p.getString("category")));
      common.add(p.getString("category"), Wording.of(p.getString("b"), null, p.getString("category")));
    }
    return rows.stream().map(p -> {
      Wording a = Wording.of(p.getString("a"), null, p.getString("category"));
      Wording b = Wording.of(p.getString("b"), null, p.getString("category"));
      Commonness.Telling telling = common.of(p.getString("category"));
      Duplicates.Signals signals = Duplicates.withWords(by == By.TEXT ? Duplicates.signals(a, b, 0, 0, telling)
          : Duplicates.signals(a, b, p.getDouble("meters"), p.getDouble("hours"), telling), a, b, telling);
      double score = by == By.BIGRAMS ? a.bigramSimilarity(b) : Duplicates.score(signals, s);
      return new Pair(p.getString("category"), p.getString("kind"), p.getBoolean("duplicate"), score, signals.features(s),
          p.getString("a"), p.getString("b"), signals, file);
    }).toList();
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

  static boolean merged(Pair p, Duplicates.Settings s) {
    return s.merges(new Duplicates.Candidate(null, null, p.score(), p.signals()));
  }

  /** Automatic merges by intake's rule. */
  static Figures merges(List<Pair> pairs, Duplicates.Settings s) {
    long tp = 0, fp = 0, fn = 0, tn = 0;
    for (Pair p : pairs) {
      boolean said = merged(p, s);
      if (said && p.duplicate()) tp++;
      else if (said) fp++;
      else if (p.duplicate()) fn++;
      else tn++;
    }
    return new Figures(tp, fp, fn, tn);
  }

  /** Per category: merged, flagged (not merged) and left, of the duplicates and of the others. */
  static String confusion(List<Pair> pairs, Duplicates.Settings s) {
    Map<String, long[]> byCategory = new TreeMap<>();
    for (Pair p : pairs) {
      long[] c = byCategory.computeIfAbsent(p.category(), k -> new long[6]);
      int decision = merged(p, s) ? 0 : p.score() >= s.flagAt() ? 1 : 2;
      c[(p.duplicate() ? 0 : 3) + decision]++;
    }
    StringBuilder b = new StringBuilder("| category | duplicates merged / flagged / missed | others merged / flagged / left |\n|---|---|---|\n");
    byCategory.forEach((k, c) -> b.append(String.format("| %s | %d / %d / %d | %d / %d / %d |%n", k, c[0], c[1], c[2], c[3], c[4], c[5])));
    return b.toString();
  }

  /** Per kind of pair: merged / flagged only / left, by intake's rule. */
  static String byKind(List<Pair> pairs, Duplicates.Settings s) {
    Map<String, long[]> byKind = new TreeMap<>();
    for (Pair p : pairs) {
      long[] c = byKind.computeIfAbsent((p.duplicate() ? "duplicate " : "other ") + p.kind(), k -> new long[3]);
      c[merged(p, s) ? 0 : p.score() >= s.flagAt() ? 1 : 2]++;
    }
    StringBuilder b = new StringBuilder("| kind | merged / flagged only / left |\n|---|---|\n");
    byKind.forEach((k, c) -> b.append(String.format("| %s | %d / %d / %d |%n", k, c[0], c[1], c[2])));
    return b.toString();
  }

  /** Scores of the pairs a decision got wrong, for reading. */
  static void printMistakes(List<Pair> pairs, double mergeAt, double flagAt) {
    for (Pair p : pairs) {
      if (p.duplicate() && p.score() < flagAt || !p.duplicate() && p.score() >= flagAt) {
        System.out.printf("%s %s %s %.3f %s | %s %s%n", p.duplicate() ? "missed" : "flagged", p.category(), p.kind(), p.score(),
            p.a(), p.b(), p.signals());
      }
    }
  }
}
