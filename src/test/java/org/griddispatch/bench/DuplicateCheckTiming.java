package org.griddispatch.bench;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What checking one report for duplicates costs in memory, before (character bigrams) and now (words,
 * synonyms, weights): a new report is taken apart once and compared with {@code dedup.candidates}
 * (20) open reports, as {@code Duplicates.check} does. A timing to read, not a test: run its main
 * after {@code mvn -o test-compile}, with the test class path. Figures go to docs/duplicates.md.
 */
public final class DuplicateCheckTiming {
  public static void main(String[] args) throws Exception {
    List<String> texts = Files.readAllLines(Path.of("src/test/resources/dedup/tuning.jsonl")).stream()
        .flatMap(l -> { JsonObject p = new JsonObject(l); return java.util.stream.Stream.of(p.getString("a"), p.getString("b")); })
        .toList();
    org.griddispatch.intake.DuplicateTimingAccess.warmUp(texts);
    for (int round = 0; round < 3; round++) {
      System.out.printf("bigrams: %.1f µs per report; words: %.1f µs per report; taking apart one report at load: %.1f µs%n",
          org.griddispatch.intake.DuplicateTimingAccess.perReport(texts, true),
          org.griddispatch.intake.DuplicateTimingAccess.perReport(texts, false),
          org.griddispatch.intake.DuplicateTimingAccess.perText(texts));
    }
  }
}
