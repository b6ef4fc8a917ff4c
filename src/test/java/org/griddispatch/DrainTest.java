package org.griddispatch;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import org.griddispatch.store.Database;
import org.griddispatch.support.Api;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * A node told to stop (SIGTERM) refuses new work with 503 and Retry-After, lets the requests already
 * in flight finish, and only then stops; nobody gets a 500.
 */
@ExtendWith(VertxExtension.class)
class DrainTest {
  @Test
  void inFlightRequestsFinishAndNewOnesGet503(Vertx vertx) throws Exception {
    Server node = TestNode.start(TestData.directory("dispatch-drain-"), new JsonObject().put("shutdownDrainMillis", 10_000));
    Api api = new Api(vertx, node.port());
    String token = api.login("dispatcher");
    assertThat(api.get("/api/v1/tickets?limit=1", token).status()).isEqualTo(200);

    // requests in flight: they read tickets while another session holds the table, for 1.5 s
    PgConnection holder = PgConnection.connect(vertx, Database.connectOptions(node.pgUri())).await();
    holder.query("BEGIN").execute().await();
    holder.query("LOCK TABLE tickets IN ACCESS EXCLUSIVE MODE").execute().await();
    List<Future<Api.Response>> inFlight = new ArrayList<>();
    for (int i = 0; i < 4; i++) inFlight.add(api.send(HttpMethod.GET, "/api/v1/tickets?limit=" + (i + 1), token, null, null));
    vertx.timer(300).await();

    long start = System.nanoTime();
    CompletableFuture<Void> stopped = CompletableFuture.runAsync(node::stop);
    vertx.timer(200).await();
    // meanwhile new requests (from another client: this one's connections are all busy) are turned away,
    // in the error format, with a time to retry
    Api other = new Api(vertx, node.port());
    for (int i = 0; i < 5; i++) {
      Api.Response late = other.get("/api/v1/tickets?limit=1", token);
      assertThat(late.status()).as(late.toString()).isEqualTo(503);
      assertThat(late.errorCode()).isEqualTo("shutting_down");
      assertThat(late.header("Retry-After")).isNotBlank();
    }
    Api.Response ready = other.get("/health/ready", null);
    assertThat(ready.status()).isEqualTo(503);
    assertThat(ready.json().getJsonObject("checks").getString("node")).isEqualTo("DRAINING");
    assertThat(stopped).as("still waiting for the requests in flight").isNotDone();

    vertx.timer(1000).await();
    holder.query("ROLLBACK").execute().await();
    holder.close().await();
    for (Future<Api.Response> r : inFlight) {
      Api.Response done = r.await();
      assertThat(done.status()).as("in flight when the stop began: " + done).isEqualTo(200);
    }
    stopped.get(30, java.util.concurrent.TimeUnit.SECONDS);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(millis).as("waited for them, and not for the whole bound").isBetween(1_000L, 9_000L);
  }
}
