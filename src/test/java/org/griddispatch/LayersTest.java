package org.griddispatch;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages form layers, and no reference runs back up them: a feature uses the plumbing and the
 * features below it, never one above. docs/architecture.md draws the same picture.
 */
class LayersTest {
    /** Each package's layer: it may use the packages of lower layers only. */
  static final Map<String, Integer> LAYER = Map.ofEntries(
      Map.entry("common", 0), Map.entry("store", 0),
      Map.entry("web", 1), Map.entry("limits", 1),
      Map.entry("auth", 2), Map.entry("catalog", 2), Map.entry("geo", 2),
      Map.entry("ticket", 3), Map.entry("admin", 3), Map.entry("duty", 3), Map.entry("subdistrict", 3),
      Map.entry("sla", 4),
      Map.entry("workflow", 5),
      Map.entry("intake", 6),
      Map.entry("push", 7), Map.entry("stats", 7), Map.entry("open311", 7), Map.entry("demo", 7), Map.entry("webhooks", 7),
      Map.entry("notify", 7),
      Map.entry("node", 8),
      Map.entry("", 9)); // Server, Main and the configuration at the root

  private static final Pattern REFERENCE = Pattern.compile("org\\.griddispatch\\.([a-z0-9]+)\\.");
  private static final Path ROOT = Path.of("src/main/java/org/griddispatch");

  @Test
  void noReferenceRunsBackUpALayer() throws IOException {
    List<String> upward = new ArrayList<>();
    TreeSet<String> unknown = new TreeSet<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = ROOT.relativize(file).getNameCount() == 1 ? "" : ROOT.relativize(file).getName(0).toString();
        if (!LAYER.containsKey(from)) unknown.add(from);
        Matcher m = REFERENCE.matcher(Files.readString(file));
        while (m.find()) {
          String to = m.group(1);
          if (to.equals(from)) continue;
          if (!LAYER.containsKey(to)) {
            unknown.add(to);
          } else if (LAYER.get(to) >= LAYER.getOrDefault(from, -1)) {
            upward.add(ROOT.relativize(file) + " -> " + to);
          }
        }
      }
    }
    assertThat(unknown).as("packages without a layer in this test and docs/architecture.md").isEmpty();
    assertThat(new TreeSet<>(upward)).as("references to a package at the same or a higher layer").isEmpty();
  }
}
