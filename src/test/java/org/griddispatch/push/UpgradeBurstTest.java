package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * A burst of socket upgrades, as when the terminals of a node that went away all reconnect through
 * nginx to the others at once: every upgrade checks its user's sign-in in the database, and those
 * checks are read together, so the burst does not queue one read per socket for the pool's
 * connections (which answered the upgrades 503 once they waited past {@code dbTimeoutMillis}).
 */
@ExtendWith(VertxExtension.class)
class UpgradeBurstTest {
  /** Residents, each with a sign-in of their own that the node has not checked yet. */
  private static final int RESIDENTS = 400;
  private static Server node;
  private static Api api;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    // one connection for the node's requests and sockets, and a short bound on waiting for it
    node = TestNode.start(TestData.directory("dispatch-burst-"), new JsonObject()
        .put("dbPoolSize", 1).put("dbTimeoutMillis", 2000));
    api = new Api(vertx, node.port());
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void aBurstOfUpgradesOfUsersNotSeenBeforeAllSucceed(Vertx vertx) {
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < RESIDENTS; i++) tokens.add(api.resident(String.format("1391234%04d", i)));

    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(RESIDENTS * 2)
        .setConnectTimeout(60_000));
    List<Future<WebSocket>> upgrades = new ArrayList<>();
    for (String token : tokens) {
      upgrades.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
          .setURI("/ws?access_token=" + token)));
    }
    Future.join(upgrades).otherwiseEmpty().await();

    Map<String, Integer> outcomes = new TreeMap<>();
    for (Future<WebSocket> u : upgrades) {
      String outcome = u.succeeded() ? "open"
          : u.cause() instanceof UpgradeRejectedException r ? "refused " + r.getStatus() : u.cause().toString();
      outcomes.merge(outcome, 1, Integer::sum);
    }
    assertThat(outcomes).isEqualTo(Map.of("open", RESIDENTS));

    // and each socket works: a resident may follow their own feed
    WebSocket last = upgrades.get(upgrades.size() - 1).result();
    io.vertx.core.Promise<JsonObject> answer = io.vertx.core.Promise.promise();
    last.textMessageHandler(t -> answer.tryComplete(new JsonObject(t)));
    last.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", "me").encode());
    assertThat(answer.future().await().getString("op")).isEqualTo("subscribed");
    for (Future<WebSocket> u : upgrades) u.result().close();
    client.close();
  }
}
