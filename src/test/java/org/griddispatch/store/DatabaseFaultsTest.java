package org.griddispatch.store;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * The node's embedded PostgreSQL frozen (SIGSTOP) and killed (SIGKILL) under it: clients get a quick
 * 503 with Retry-After instead of a hang, readiness says the database is DOWN, and the node recovers
 * by itself (a killed database is started again).
 */
@ExtendWith(VertxExtension.class)
class DatabaseFaultsTest {
  static Server node;
  static Path dataDir;
  static Api api;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    dataDir = TestData.directory("dispatch-faults-");
    node = TestNode.start(dataDir, new JsonObject().put("dbTimeoutMillis", 2000));
    api = new Api(vertx, node.port());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  /** The postmaster and every process it started. */
  private static List<ProcessHandle> postgres() {
    long pid = EmbeddedDatabase.postmasterPid(dataDir.toAbsolutePath().resolve("pg")).orElseThrow();
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> all = new ArrayList<>(postmaster.descendants().toList());
    all.add(0, postmaster);
    return all;
  }

  /** Signals each process; one that ended meanwhile (a backend's short life) is no failure, a live one refusing is. */
  private static void signal(String signal, List<ProcessHandle> processes) throws Exception {
    for (ProcessHandle p : processes) {
      int exit = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      if (exit != 0) assertThat(p.isAlive()).as("kill -%s %d failed", signal, p.pid()).isFalse();
    }
  }

  /** Polls until the answer matches, for at most {@code seconds}; answers the last one. */
  private static Api.Response until(Vertx vertx, String path, String token, Predicate<Api.Response> match, int seconds) {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    Api.Response r = api.get(path, token);
    while (!match.test(r) && System.currentTimeMillis() < deadline) {
      vertx.timer(250).await();
      r = api.get(path, token);
    }
    return r;
  }

  @Test
  void aFrozenDatabaseAnswers503QuicklyAndTheNodeRecoversWhenItThaws(Vertx vertx) throws Exception {
    String token = api.login("dispatcher");
    assertThat(api.get("/api/v1/tickets?limit=5", token).status()).isEqualTo(200);
    List<ProcessHandle> frozen = postgres();
    signal("STOP", frozen);
    try {
      for (String path : new String[] {"/api/v1/tickets?limit=5", "/api/v1/stats", "/api/v1/tickets?limit=7"}) {
        long start = System.nanoTime();
        Api.Response r = api.get(path, token);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as(path + " " + r).isEqualTo(503);
        assertThat(r.errorCode()).isEqualTo("database_unavailable");
        assertThat(r.header("Retry-After")).isNotBlank();
        assertThat(millis).as("answered within the configured 2 s and a margin").isLessThan(4_000);
      }
      Api.Response ready = api.get("/health/ready", null);
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().getJsonObject("checks").getString("database")).isEqualTo("DOWN");
    } finally {
      signal("CONT", frozen);
    }
    assertThat(until(vertx, "/api/v1/tickets?limit=5", token, r -> r.status() == 200, 15).status()).isEqualTo(200);
    assertThat(until(vertx, "/health/ready", null, r -> r.status() == 200, 15).status()).isEqualTo(200);
  }

  @Test
  void aKilledDatabaseIsStartedAgainAndReadinessSaysSoMeanwhile(Vertx vertx) {
    String token = api.login("dispatcher");
    ProcessHandle postmaster = postgres().get(0);
    postmaster.destroyForcibly(); // SIGKILL
    Api.Response down = until(vertx, "/health/ready", null, r -> r.status() == 503, 10);
    assertThat(down.status()).isEqualTo(503);
    assertThat(down.json().getJsonObject("checks").getString("database")).isEqualTo("DOWN");
    assertThat(down.header("Retry-After")).isNotBlank();

    assertThat(until(vertx, "/health/ready", null, r -> r.status() == 200, 60).status()).as("started again").isEqualTo(200);
    assertThat(postgres().get(0).pid()).isNotEqualTo(postmaster.pid());
    JsonObject p = Points.of("sgj-02");
    Api.Response filed = api.post("/api/v1/tickets", api.resident("13800000001"), Api.report("noise", p.getDouble("lat"), p.getDouble("lon"), "又吵了"));
    assertThat(filed.status()).as(filed.toString()).isEqualTo(201);
    assertThat(api.get("/api/v1/tickets/" + filed.json().getString("id"), token).status()).isEqualTo(200);
  }
}
