package org.griddispatch.intake;

import org.griddispatch.geo.Distances;

import java.util.List;

/** The package-private comparison, timed for {@code bench/DuplicateCheckTiming}. */
public final class DuplicateTimingAccess {
  private static final int CANDIDATES = 20;
  private static double sink;

  private DuplicateTimingAccess() {}

  public static void warmUp(List<String> texts) {
    for (int i = 0; i < 5; i++) { perReport(texts, true); perReport(texts, false); }
  }

  /** Mean µs to take apart a report and compare it with 20 held ones, by bigrams alone or as intake does. */
  public static double perReport(List<String> texts, boolean bigramsOnly) {
    Wording[] held = texts.stream().map(t -> bigramsOnly ? Wording.bigramsOnly(t) : Wording.of(t)).toArray(Wording[]::new);
    long start = System.nanoTime();
    int reports = 0;
    for (int r = 0; r < 20; r++) {
      for (int i = 0; i < texts.size(); i++, reports++) {
        Wording w = bigramsOnly ? Wording.bigramsOnly(texts.get(i)) : Wording.of(texts.get(i));
        for (int c = 1; c <= CANDIDATES; c++) {
          Wording other = held[(i + c) % held.length];
          double meters = Distances.meters(31.46, 104.74, 31.4605, 104.7405);
          sink += bigramsOnly ? w.bigramSimilarity(other)
              : Duplicates.score(Duplicates.signals(w, other, meters, 3, Commonness.Telling.ALL), DuplicateEvaluation.DEFAULTS);
        }
      }
    }
    return (System.nanoTime() - start) / 1000.0 / reports;
  }

  /** Mean µs to take apart one text, as the start-up load does for every open report. */
  public static double perText(List<String> texts) {
    long start = System.nanoTime();
    for (int r = 0; r < 20; r++) for (String t : texts) sink += Wording.of(t).keys().length;
    return (System.nanoTime() - start) / 1000.0 / (20.0 * texts.size());
  }
}
