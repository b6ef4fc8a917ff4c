package org.griddispatch.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;

/**
 * Intake throughput against a running node: closed-loop hotline callers at 1, 2, 4, ... concurrent
 * requests, each step for {@code --seconds}, until throughput stops rising (a step that does not
 * beat the best so far by 5 %, twice) or {@code --max} callers. Prints a markdown table and writes
 * the best step as {@code tickets/s p50 p99 concurrency} to {@code --best}. Run by {@code bench/run}.
 */
public final class IntakeBench {
  public static void main(String[] argv) throws Exception {
    BenchArgs args = new BenchArgs(argv);
    int port = args.integer("port", 8080);
    int seconds = args.integer("seconds", 10);
    int max = args.integer("max", 256);
    int from = args.integer("from", 1); // the first step's callers
    Vertx vertx = Vertx.vertx();
    WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(max));
    IntakeLoad load = new IntakeLoad(vertx, http);
    load.run(Math.max(3, seconds / 2), 16); // warm-up: the JIT compiles the hot paths first

    List<IntakeLoad.Result> steps = new ArrayList<>();
    IntakeLoad.Result best = null;
    int flat = 0;
    for (int c = from; c <= max && flat < 2; c *= 2) {
      IntakeLoad.Result r = load.run(seconds, c);
      steps.add(r);
      System.out.printf("%4d callers: %7.0f tickets/s, latency p50/p99/max %s ms, %d failed%n", c, r.perSecond(), r.latency(), r.failed());
      if (best == null || r.perSecond() > best.perSecond() * 1.05) flat = 0;
      else flat++;
      if (best == null || r.perSecond() > best.perSecond()) best = r;
    }
    StringBuilder report = new StringBuilder("| callers | tickets/s | latency p50 / p99 / max (ms) | failed |\n|---:|---:|---|---:|\n");
    for (IntakeLoad.Result r : steps) {
      report.append(String.format("| %d | %.0f | %s | %d |%n", r.concurrency(), r.perSecond(), r.latency(), r.failed()));
    }
    System.out.print(report);
    args.write(report.toString());
    if (args.has("best")) {
      long[] sorted = best.latencies().stream().mapToLong(Long::longValue).sorted().toArray();
      java.nio.file.Files.writeString(java.nio.file.Path.of(args.get("best", null)), String.format("%.0f %.1f %.1f %d%n",
          best.perSecond(), BenchArgs.at(sorted, 0.5) / 1e6, BenchArgs.at(sorted, 0.99) / 1e6, best.concurrency()));
    }
    vertx.close().await();
  }
}
