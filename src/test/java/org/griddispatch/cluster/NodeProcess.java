package org.griddispatch.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A real node in its own JVM (the test's class path, {@code org.griddispatch.Main}), killable like any process. */
final class NodeProcess {
  final int httpPort;
  final int clusterPort;
  private final Map<String, String> env;
  private final Path log;
  private Process process;

  NodeProcess(int httpPort, int clusterPort, Map<String, String> env, Path log) {
    this.httpPort = httpPort;
    this.clusterPort = clusterPort;
    this.env = env;
    this.log = log;
  }

  NodeProcess start() throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", cp, "org.griddispatch.Main"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().putAll(env);
    pb.environment().put("DISPATCH_HTTP_PORT", String.valueOf(httpPort));
    pb.environment().put("DISPATCH_CLUSTER_PORT", String.valueOf(clusterPort));
    process = pb.start();
    return this;
  }

  /** Waits until the node answers ready (database and cluster). */
  void awaitReady(Duration limit) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) throw new IllegalStateException("node on " + httpPort + " exited; see " + log);
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health/ready"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"cluster\":\"UP\"")) return;
      } catch (IOException e) {
        // not listening yet
      }
      try {
        process.onExit().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException stillRunning) {
        // as it should be: ask again
      }
    }
    throw new IllegalStateException("node on " + httpPort + " not ready within " + limit + "; see " + log);
  }

  /** SIGKILL: no shutdown hook, no goodbye. */
  void kill() throws Exception {
    process.destroyForcibly();
    process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** SIGTERM: the node drains and leaves. */
  void stop() throws Exception {
    process.destroy();
    process.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  boolean alive() { return process != null && process.isAlive(); }

}
