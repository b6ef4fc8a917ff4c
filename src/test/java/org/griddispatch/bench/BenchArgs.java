package org.griddispatch.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the bench programs share: {@code --key=value} arguments, percentiles, the server's heap, demo data. */
final class BenchArgs {
  private final Map<String, String> values = new HashMap<>();

  BenchArgs(String[] args) {
    for (String a : args) {
      String[] kv = a.replaceFirst("^--", "").split("=", 2);
      values.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
  }

  String get(String key, String fallback) { return values.getOrDefault(key, fallback); }

  int integer(String key, int fallback) { return Integer.parseInt(get(key, String.valueOf(fallback))); }

  boolean has(String key) { return values.containsKey(key); }

  /** Writes a report where {@code --out} says, if it says. */
  void write(String report) throws IOException {
    if (!has("out")) return;
    Path out = Path.of(get("out", null));
    if (out.getParent() != null) Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  /** p50 / p99 / max of nanosecond values, in milliseconds. */
  static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) return "-";
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format("%.1f / %.1f / %.1f", sorted[sorted.length / 2] / 1e6, at(sorted, 0.99) / 1e6, sorted[sorted.length - 1] / 1e6);
  }

  /** The value at quantile {@code q} of sorted values. */
  static long at(long[] sorted, double q) {
    return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * q) - 1))];
  }

  /** p50 / p99 / max of millisecond values. */
  static String percentilesMillis(List<Long> millis) {
    if (millis.isEmpty()) return "-";
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2] + " / " + at(sorted, 0.99) + " / " + sorted[sorted.length - 1];
  }

  /** Heap in use on the server, from its Prometheus metrics (read with the scrape token bench/lib.sh gives the node). */
  static long heap(WebClient http) {
    String text = http.get("/metrics").putHeader("Authorization", "Bearer " + System.getenv("DISPATCH_METRICS_TOKEN"))
        .send().await().bodyAsString();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  /** A JSON array from the classpath (the demo subdistrict's files). */
  static JsonArray resource(String name) { return new JsonArray(text(name)); }

  static JsonObject resourceObject(String name) { return new JsonObject(text(name)); }

  private static String text(String name) {
    try (InputStream in = BenchArgs.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) throw new IOException("no " + name + " on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
