package org.griddispatch.intake;

import java.util.Arrays;

/**
 * A text's character bigrams, as duplicate detection took a text apart before it knew words: still
 * what tells an exact or reordered repeat (a resident sending twice). Two code points packed in a
 * long, distinct and sorted, so two texts compare as a merge of sorted arrays.
 */
final class Bigrams {
  private Bigrams() {}

  /** The distinct bigrams of a normalized text, sorted. */
  static long[] of(String normalized) {
    int[] cps = normalized.codePoints().toArray();
    long[] grams = new long[Math.max(0, cps.length - 1)];
    for (int i = 0; i + 1 < cps.length; i++) grams[i] = ((long) cps[i] << 32) | cps[i + 1];
    Arrays.sort(grams);
    int distinct = 0;
    for (int i = 0; i < grams.length; i++) if (i == 0 || grams[i] != grams[i - 1]) grams[distinct++] = grams[i];
    return Arrays.copyOf(grams, distinct);
  }

  /** Dice coefficient of two texts' bigrams, in [0, 1]; 0 when either has none. */
  static double similarity(long[] x, long[] y) {
    if (x.length == 0 || y.length == 0) return 0;
    int common = 0;
    for (int i = 0, j = 0; i < x.length && j < y.length; ) {
      if (x[i] == y[j]) { common++; i++; j++; }
      else if (x[i] < y[j]) i++;
      else j++;
    }
    return 2.0 * common / (x.length + y.length);
  }
}
