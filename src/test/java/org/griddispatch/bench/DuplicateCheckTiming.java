package org.griddispatch.bench;

import io.vertx.core.json.JsonObject;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What checking one report for duplicates costs in memory, and a photo's hash when it is attached, before (character bigrams) and now (words,
 * synonyms, weights): a new report is taken apart once and compared with {@code dedup.candidates}
 * (20) open reports, as {@code Duplicates.check} does. A timing to read, not a test: run its main
 * after {@code mvn -o test-compile}, with the test class path. Figures go to docs/duplicates.md.
 */
public final class DuplicateCheckTiming {
  public static void main(String[] args) throws Exception {
    List<JsonObject> pairs = Files.readAllLines(Path.of("src/test/resources/dedup/tuning.jsonl")).stream().map(JsonObject::new).toList();
    List<String> texts = pairs.stream().flatMap(p -> java.util.stream.Stream.of(p.getString("a"), p.getString("b"))).toList();
    List<String> categories = pairs.stream().flatMap(p -> java.util.stream.Stream.of(p.getString("category"), p.getString("category"))).toList();
    org.griddispatch.intake.DuplicateTimingAccess.warmUp(texts, categories);
    for (int round = 0; round < 3; round++) {
      System.out.printf("bigrams: %.1f µs per report; words: %.1f µs per report; taking apart one report at load: %.1f µs%n",
          org.griddispatch.intake.DuplicateTimingAccess.perReport(texts, true),
          org.griddispatch.intake.DuplicateTimingAccess.perReport(texts, false),
          org.griddispatch.intake.DuplicateTimingAccess.perText(texts));
    }
    // a photo's hash, once per photo attached: decoding dominates, so a phone's photo (1600×1200 JPEG)
    java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(1600, 1200, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 1600; x++) for (int y = 0; y < 1200; y++) img.setRGB(x, y, (x * 31 + y * 17 + (x * y) % 97) & 0xFFFFFF);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(img, "jpg", out);
    io.vertx.core.buffer.Buffer photo = io.vertx.core.buffer.Buffer.buffer(out.toByteArray());
    var bean = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 5; i++) org.griddispatch.ticket.PhotoHash.of(photo);
    for (int round = 0; round < 3; round++) {
      long start = bean.getCurrentThreadCpuTime();
      for (int i = 0; i < 20; i++) org.griddispatch.ticket.PhotoHash.of(photo);
      System.out.printf("photo hash of a %d KiB 1600×1200 JPEG: %.1f ms%n", photo.length() / 1024, (bean.getCurrentThreadCpuTime() - start) / 20 / 1e6);
    }
  }
}
