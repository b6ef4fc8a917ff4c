package org.griddispatch.intake;

import org.griddispatch.geo.Distances;

import java.util.List;

/** The package-private comparison, timed for {@code bench/DuplicateCheckTiming}. */
public final class DuplicateTimingAccess {
  private static final int CANDIDATES = 20;
  private static double sink;
  /** This thread's processor time, not the wall clock's: other processes on the machine do not count. */
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  /** Each category's counts of words over its texts, as intake reads them from its open reports. */
  private static final Commonness COMMON = new Commonness();
  /** The category of each text (its pair's), in the order of the texts. */
  private static List<String> CATEGORIES = List.of();

  private static final Duplicates.Settings AGREEING = DuplicateEvaluation.DEFAULTS.onAgreement(true);

  private DuplicateTimingAccess() {}

  /** Texts and the category of each, as the reports of the open tickets; and the code warmed up. */
  public static void warmUp(List<String> texts, List<String> categories) {
    CATEGORIES = categories;
    for (int i = 0; i < texts.size(); i++) COMMON.add(categories.get(i), Wording.of(texts.get(i), null, categories.get(i)));
    for (int i = 0; i < 5; i++) { perReport(texts, true); perReport(texts, false); }
  }

  /** Mean µs to take apart a report and compare it with 20 held ones, by bigrams alone or as intake does. */
  public static double perReport(List<String> texts, boolean bigramsOnly) {
    Wording[] held = new Wording[texts.size()];
    for (int i = 0; i < held.length; i++) held[i] = bigramsOnly ? Wording.bigramsOnly(texts.get(i)) : Wording.of(texts.get(i), null, CATEGORIES.get(i));
    long start = CPU.getCurrentThreadCpuTime();
    int reports = 0;
    for (int r = 0; r < 20; r++) {
      for (int i = 0; i < texts.size(); i++, reports++) {
        // a report of one category is compared with that category's open reports, as intake does
        String category = CATEGORIES.get(i);
        Wording w = bigramsOnly ? Wording.bigramsOnly(texts.get(i)) : Wording.of(texts.get(i), null, category);
        Commonness.Telling telling = COMMON.of(category);
        for (int c = 1; c <= CANDIDATES; c++) {
          Wording other = held[(i + c) % held.length];
          double meters = Distances.meters(31.46, 104.74, 31.4605, 104.7405);
          if (bigramsOnly) { sink += w.bigramSimilarity(other); continue; }
          Duplicates.Signals signals = Duplicates.signals(w, other, meters, 3, telling);
          double score = Duplicates.score(signals, DuplicateEvaluation.DEFAULTS);
          sink += score;
          // and whether it merges, by the merge on agreement's checks
          if (AGREEING.merges(new Duplicates.Candidate(null, null, score, signals))) sink++;
          // the five best candidates are given their reasons, as intake does
          if (c <= 5) sink += w.sharedWords(other, telling).size();
        }
      }
    }
    return (CPU.getCurrentThreadCpuTime() - start) / 1000.0 / reports;
  }

  /** Mean µs to take apart one text, as the start-up load does for every open report. */
  public static double perText(List<String> texts) {
    long start = CPU.getCurrentThreadCpuTime();
    for (int r = 0; r < 20; r++) for (int i = 0; i < texts.size(); i++) sink += Wording.of(texts.get(i), null, CATEGORIES.get(i)).keys().length;
    return (CPU.getCurrentThreadCpuTime() - start) / 1000.0 / (20.0 * texts.size());
  }
}
