package org.griddispatch.push;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Heartbeats close dead connections; a flooding client is slowed, then cut off; the web client module is served. */
class SocketLimitsTest extends NodeTest {


  @Test
  void aPeerThatStopsAnsweringPingsIsClosedWhileALiveOneStays(Vertx vertx) throws Exception {
    // a raw TCP peer that completes the handshake and then never answers a ping
    NetSocket raw = vertx.createNetClient().connect(node.port(), "127.0.0.1").await();
    Promise<Void> upgraded = Promise.promise();
    Promise<Void> closed = Promise.promise();
    raw.handler(b -> {
      if (b.toString().startsWith("HTTP/1.1 101")) upgraded.tryComplete();
    });
    raw.closeHandler(v -> closed.tryComplete());
    raw.write(Buffer.buffer("GET /ws?access_token=" + api.login("dispatcher") + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n"));
    upgraded.future().await(10, TimeUnit.SECONDS);
    try (Terminal live = Terminal.connect(vertx, node.port(), api.login("dispatcher"))) {
      closed.future().await(20, TimeUnit.SECONDS); // heartbeat is 2 s in tests: closed after about 4-6 s
      live.send(new JsonObject().put("op", "ping"));
      assertThat(live.next(f -> "pong".equals(f.getString("op")), 5)).isNotNull();
      assertThat(live.closedWith).isNull();
    }
  }

  @Test
  void aFloodingClientIsRateLimitedThenDisconnected(Vertx vertx) {
    try (Terminal t = Terminal.connect(vertx, node.port(), api.login("dispatcher"))) {
      for (int i = 0; i < 100; i++) t.send(new JsonObject().put("op", "ping"));
      JsonObject limited = t.next(f -> "error".equals(f.getString("op")), 5);
      assertThat(limited.getString("code")).isEqualTo("rate_limited");
      for (int i = 0; i < 300 && t.closedWith == null; i++) t.ws.writeTextMessage("{\"op\":\"ping\"}");
      long deadline = System.currentTimeMillis() + 10_000;
      while (t.closedWith == null && System.currentTimeMillis() < deadline) t.quietFor(100);
      assertThat(t.closedWith).isEqualTo((short) 4001);
    }
  }

  @Test
  void aSocketClosesWhenItsTokenExpires(Vertx vertx) {
    // a token for the dispatcher signed with the node's own key, valid for two seconds
    io.vertx.ext.auth.jwt.JWTAuth jwt = io.vertx.ext.auth.jwt.JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
        .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("ES256")
            .setBuffer(db.one("SELECT private_pem FROM signing_keys WHERE retired_at IS NULL").getString(0))));
    String shortLived = jwt.generateToken(new JsonObject().put("role", "dispatcher").put("name", "短期")
            .put("gridIds", new io.vertx.core.json.JsonArray()),
        new io.vertx.ext.auth.JWTOptions().setAlgorithm("ES256").setSubject(api.userId(api.login("dispatcher")))
            .setExpiresInSeconds(2));
    try (Terminal t = Terminal.connect(vertx, node.port(), shortLived)) {
      assertThat(t.subscribe("center", null).getString("op")).isEqualTo("subscribed");
      long deadline = System.currentTimeMillis() + 15_000;
      while (t.closedWith == null && System.currentTimeMillis() < deadline) t.quietFor(200);
      assertThat(t.closedWith).isEqualTo((short) 4003);
    }
  }

  @Test
  void theWebClientModuleIsServed() {
    Api.Response js = api.get("/js/dispatch-socket.js", null);
    assertThat(js.status()).isEqualTo(200);
    assertThat(js.body()).contains("export class DispatchSocket");
  }
}
