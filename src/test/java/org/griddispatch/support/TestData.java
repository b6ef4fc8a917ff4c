package org.griddispatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where tests keep their nodes' data (each an embedded PostgreSQL of a few hundred MB): under
 * {@code target/test-data/run-<pid>}, one directory per test JVM. The first call of a run removes the
 * directories of runs whose JVM is gone, so repeated runs on one machine do not pile up databases
 * (they were left in the system's temporary directory, tens of GB over a day).
 */
public final class TestData {
  private static final Path BASE = Path.of("target", "test-data").toAbsolutePath();
  private static final Path RUN = BASE.resolve("run-" + ProcessHandle.current().pid());
  private static boolean swept;

  private TestData() {}

  /** A new, empty directory for one node's or one database's data. */
  public static synchronized Path directory(String prefix) throws IOException {
    if (!swept) {
      sweep();
      swept = true;
    }
    Files.createDirectories(RUN);
    return Files.createTempDirectory(RUN, prefix);
  }

  /** Removes what earlier runs left, those whose JVM no longer runs. */
  private static void sweep() throws IOException {
    if (!Files.isDirectory(BASE)) return;
    try (Stream<Path> runs = Files.list(BASE)) {
      for (Path run : runs.toList()) {
        String name = run.getFileName().toString();
        if (!name.startsWith("run-") || run.equals(RUN)) continue;
        long pid;
        try {
          pid = Long.parseLong(name.substring(4));
        } catch (NumberFormatException e) {
          continue;
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
        delete(run);
      }
    }
  }

  private static void delete(Path tree) throws IOException {
    try (Stream<Path> paths = Files.walk(tree)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
