package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestData;
import org.griddispatch.support.TestNode;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A terminal that stops reading is cut off (and can resume); the others get everything meanwhile. On
 * a node of its own whose close grace outlasts the test: the stalled reader reads again only once the
 * fast one has most of the tickets, which on a busy machine can be longer after the server closed it
 * than the shared node's 5 s grace (it would then be cut without a close code, as the contract says).
 */
@ExtendWith(VertxExtension.class)
class SlowReaderTest {
  private static Server node;

  @BeforeAll
  static void start() throws Exception {
    node = TestNode.start(TestData.directory("dispatch-slow-reader-"), new JsonObject()
        .put("push", new JsonObject().put("maxPendingFrames", 100).put("sendBufferBytes", 16 * 1024)
            .put("heartbeatMillis", 60_000).put("closeGraceMillis", 120_000)));
  }

  @AfterAll
  static void stop() {
    if (node != null) node.stop();
  }

  @Test
  void aStalledReaderIsDisconnectedWhileOthersKeepUp(Vertx vertx) {
    Api api = new Api(vertx, node.port());
    String token = api.login("dispatcher");
    JsonObject p = Points.of("yhq-04");
    try (Terminal fast = Terminal.connect(vertx, node.port(), token);
         Terminal slow = Terminal.connect(vertx, node.port(), token, new WebSocketClientOptions().setReceiveBufferSize(4096))) {
      fast.subscribe("grid:yhq-04", null);
      String slowStart = slow.subscribe("grid:yhq-04", null).getString("cursor");
      slow.ws.pause(); // stops reading: the server's unwritten frames to it pile up

      Set<String> created = new HashSet<>();
      String resident = api.resident("13800000003");
      for (int round = 0; round < 15; round++) {
        List<Future<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          calls.add(api.send(HttpMethod.POST, "/api/v1/tickets", resident,
              Api.report("noise", p.getDouble("lat"), p.getDouble("lon"), "施工噪音".repeat(50) + java.util.UUID.randomUUID().toString().repeat(4)), null));
        }
        Future.all(calls).await();
        calls.forEach(c -> created.add(c.result().json().getString("id")));
      }

      // the fast terminal gets both events of every ticket; once it has two thirds of them, the stalled one
      // was offered as many, far past its outbox: the server has closed it, and the close frame waits
      // behind what the socket holds, so it reads again now (a client that never reads is cut after the
      // close grace without a close code: this node's grace outlasts the test)
      Set<String> seen = new HashSet<>();
      while (seen.size() < created.size() * 2) {
        JsonObject e = fast.next(f -> "event".equals(f.getString("op")) && created.contains(f.getString("ticketId")), 20);
        seen.add(e.getString("ticketId") + "#" + e.getInteger("seq"));
        if (seen.size() == created.size() * 2 / 3) slow.ws.resume();
      }

      long deadline = System.currentTimeMillis() + 20_000;
      while (slow.closedWith == null && System.currentTimeMillis() < deadline) slow.quietFor(100);
      assertThat(slow.closedWith).as("the server closed the stalled socket").isEqualTo((short) 4000);

      // it comes back and resumes from where it started: nothing is lost
      try (Terminal again = Terminal.connect(vertx, node.port(), token)) {
        again.subscribe("grid:yhq-04", slowStart);
        Set<String> replayed = new HashSet<>();
        while (replayed.size() < created.size() * 2) {
          JsonObject e = again.next(f -> "event".equals(f.getString("op")) && created.contains(f.getString("ticketId")), 20);
          assertThat(replayed.add(e.getString("ticketId") + "#" + e.getInteger("seq"))).isTrue();
        }
      }
    }
  }
}
