package org.griddispatch.support;

import io.vertx.core.json.JsonObject;
import org.griddispatch.AppConfig;
import org.griddispatch.Server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;

/**
 * One real node for the whole test run: embedded PostgreSQL in a temporary data directory, the demo
 * subdistrict, every verticle, a real HTTP port. Started on first use, stopped when the JVM exits.
 */
public final class TestNode {
  private static Server server;
  /** The shared node's clock: tests that move it put it back in a finally block. */
  public static final TestClock CLOCK = new TestClock();
  /** The scrape token of the test nodes' /metrics. */
  public static final String METRICS_TOKEN = "test-scrape-token";

  private TestNode() {}

  public static synchronized Server get() {
    if (server == null) {
      try {
        server = start(TestData.directory("dispatch-test-"), new JsonObject(), CLOCK);
      } catch (Exception e) {
        throw new IllegalStateException("The test node did not start", e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return server;
  }

  /** A node of its own (for restart tests); the caller stops it. */
  public static Server start(Path dataDir, JsonObject overrides) throws Exception {
    return start(dataDir, overrides, Clock.systemUTC());
  }

  public static Server start(Path dataDir, JsonObject overrides, Clock clock) throws Exception {
    JsonObject conf = new JsonObject()
        .put("httpPort", freePort())
        .put("dataDir", dataDir.toString())
        .put("demo", true)
        .put("adminPassword", "admin-test-pw")
        .put("metricsToken", METRICS_TOKEN)
        .put("passwordIterations", 1000) // fast logins in tests; production uses 120,000
        .put("httpInstances", 2)
        .put("shutdownDrainMillis", 0)
        // small socket buffers, a low bound on unwritten frames and a fast heartbeat, so that slow
        // and dead terminals are cut off within the tests' patience
        .put("push", new JsonObject().put("maxPendingFrames", 100).put("sendBufferBytes", 16 * 1024)
            .put("heartbeatMillis", 2000)
            // urgent tickets of other tests are not alerted as unseen when they move the clock by hours;
            // UnseenAlertTest runs a node of its own with the default (60 s)
            .put("seenTimeoutSeconds", 30 * 24 * 3600))
        // the abuse limits off (DISPATCH_RATE_LIMITS=off), as for a load test: every client of the suite
        // is 127.0.0.1 and the demo residents file in bursts; the tests of the limits turn them on
        .put("limits", new JsonObject().put("enabled", false))
        // messages are paced for people (quiet nights, an hourly limit, no repeats); the suite runs at any
        // hour and files for the same residents all along, so its nodes send at once. NotificationPacingTest paces.
        .put("notify", new JsonObject().put("pollMillis", 200)
            .put("quietHours", new JsonObject().put("from", "00:00").put("to", "00:00"))
            .put("perRecipientPerHour", 1_000_000).put("dedupeMinutes", 0))
        .mergeIn(overrides);
    return Server.start(AppConfig.of(conf), clock);
  }

  private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A port to listen on, below Linux's ephemeral range (32768 and up): a port from that range, free
   * when asked, can be taken as the source port of any outgoing connection (a node's database pool,
   * a Hazelcast member) before the node binds it, which failed a cluster test once.
   */
  public static int freePort() throws IOException {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = 20_000 + random.nextInt(12_000);
      if (!HANDED_OUT.add(port)) continue;
      try (ServerSocket s = new ServerSocket(port)) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IOException("no free port found between 20000 and 32000");
  }
}
