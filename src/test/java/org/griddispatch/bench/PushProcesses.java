package org.griddispatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The processes of a server as Linux shows them in /proc: each root pid with its children, their
 * children and so on (nginx's master and workers). Resident memory from {@code status} (VmRSS) and
 * CPU time from {@code stat} (utime + stime + cutime + cstime, so children that already exited and
 * were reaped, such as PostgreSQL backends, still count).
 */
final class PushProcesses {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on Linux

  private final List<Long> roots;

  /** From a comma-separated list of pids; empty when there is none. */
  PushProcesses(String pids) {
    this.roots = pids == null || pids.isBlank() ? List.of()
        : Arrays.stream(pids.split(",")).map(String::trim).map(Long::parseLong).toList();
  }

  boolean none() { return roots.isEmpty(); }

  /** Resident memory of all the processes, summed. */
  long rssBytes() {
    long kb = 0;
    for (long pid : pids()) {
      for (String line : lines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return kb * 1024;
  }

  /** CPU seconds used so far by all the processes and their reaped children. */
  double cpuSeconds() {
    long ticks = 0;
    for (long pid : pids()) {
      List<String> stat = lines(Path.of("/proc", String.valueOf(pid), "stat"));
      if (stat.isEmpty()) continue;
      String line = stat.get(0);
      String[] f = line.substring(line.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
      for (int field = 14; field <= 17; field++) ticks += Long.parseLong(f[field - 3]);
    }
    return ticks / TICKS_PER_SECOND;
  }

  private List<Long> pids() {
    List<Long> all = new ArrayList<>(roots);
    for (int i = 0; i < all.size(); i++) {
      ProcessHandle.of(all.get(i)).ifPresent(p -> p.children().forEach(c -> all.add(c.pid())));
    }
    return all;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      return List.of(); // the process has gone
    }
  }
}
