package org.griddispatch.intake;

import org.griddispatch.geo.Distances;

import java.util.List;

/** The package-private comparison, timed for {@code bench/DuplicateCheckTiming}. */
public final class DuplicateTimingAccess {
  private static final int CANDIDATES = 20;
  private static double sink;
  /** This thread's processor time, not the wall clock's: other processes on the machine do not count. */
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

  /** A category's counts of words over the texts, as intake reads them from its open reports. */
  private static Commonness.Telling TELLING = Commonness.Telling.ALL;

  private static final Duplicates.Settings AGREEING = DuplicateEvaluation.DEFAULTS.onAgreement(true);

  private DuplicateTimingAccess() {}

  public static void warmUp(List<String> texts) {
    Commonness common = new Commonness();
    for (String t : texts) common.add("any", Wording.of(t));
    TELLING = common.of("any");
    for (int i = 0; i < 5; i++) { perReport(texts, true); perReport(texts, false); }
  }

  /** Mean µs to take apart a report and compare it with 20 held ones, by bigrams alone or as intake does. */
  public static double perReport(List<String> texts, boolean bigramsOnly) {
    Wording[] held = texts.stream().map(t -> bigramsOnly ? Wording.bigramsOnly(t) : Wording.of(t)).toArray(Wording[]::new);
    long start = CPU.getCurrentThreadCpuTime();
    int reports = 0;
    for (int r = 0; r < 20; r++) {
      for (int i = 0; i < texts.size(); i++, reports++) {
        Wording w = bigramsOnly ? Wording.bigramsOnly(texts.get(i)) : Wording.of(texts.get(i));
        for (int c = 1; c <= CANDIDATES; c++) {
          Wording other = held[(i + c) % held.length];
          double meters = Distances.meters(31.46, 104.74, 31.4605, 104.7405);
          if (bigramsOnly) { sink += w.bigramSimilarity(other); continue; }
          Duplicates.Signals signals = Duplicates.signals(w, other, meters, 3, TELLING);
          double score = Duplicates.score(signals, DuplicateEvaluation.DEFAULTS);
          sink += score;
          // and whether it merges, by the merge on agreement's checks
          if (AGREEING.merges(new Duplicates.Candidate(null, null, score, signals))) sink++;
          // the five best candidates are given their reasons, as intake does
          if (c <= 5) sink += w.sharedWords(other, TELLING).size();
        }
      }
    }
    return (CPU.getCurrentThreadCpuTime() - start) / 1000.0 / reports;
  }

  /** Mean µs to take apart one text, as the start-up load does for every open report. */
  public static double perText(List<String> texts) {
    long start = CPU.getCurrentThreadCpuTime();
    for (int r = 0; r < 20; r++) for (String t : texts) sink += Wording.of(t).keys().length;
    return (CPU.getCurrentThreadCpuTime() - start) / 1000.0 / (20.0 * texts.size());
  }
}
