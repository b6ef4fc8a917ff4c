package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A socket the server gives up on is released at once: the close frame says why (1009, 4000) and the
 * server closes the TCP connection itself, whether or not the client answers or reads.
 */
class SocketReleaseTest extends NodeTest {

  /** A masked client frame, as RFC 6455 requires of clients. */
  private static Buffer frame(int opcode, boolean fin, int length) {
    Buffer b = Buffer.buffer().appendByte((byte) ((fin ? 0x80 : 0) | opcode));
    if (length < 126) b.appendByte((byte) (0x80 | length));
    else if (length < 65536) b.appendByte((byte) (0x80 | 126)).appendShort((short) length);
    else b.appendByte((byte) (0x80 | 127)).appendLong(length);
    b.appendInt(0); // a zero mask leaves the payload as it is
    return b.appendBytes("a".repeat(length).getBytes());
  }

  @Test
  void anOverlongMessageClosesWith1009AndTheServerDropsTheConnection(Vertx vertx) throws Exception {
    String token = api.login("dispatcher");
    for (int i = 0; i < 10; i++) {
      NetSocket raw = vertx.createNetClient().connect(node.port(), "127.0.0.1").await();
      Promise<Void> upgraded = Promise.promise();
      Promise<Void> closed = Promise.promise();
      Buffer received = Buffer.buffer();
      raw.handler(b -> {
        if (!upgraded.future().isComplete() && b.toString().startsWith("HTTP/1.1 101")) {
          upgraded.tryComplete();
          int body = b.toString().indexOf("\r\n\r\n") + 4;
          received.appendBuffer(b.slice(body, b.length()));
        } else {
          received.appendBuffer(b);
        }
      });
      raw.closeHandler(v -> closed.tryComplete());
      raw.write(Buffer.buffer("GET /ws?access_token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
          + "Sec-WebSocket-Version: 13\r\n\r\n"));
      upgraded.future().await(10, TimeUnit.SECONDS);
      long start = System.nanoTime();
      // half the rounds a single 70 KiB frame, the others a message of two 40 KiB fragments
      if (i % 2 == 0) raw.write(frame(0x1, true, 70 * 1024));
      else raw.write(frame(0x1, false, 40 * 1024).appendBuffer(frame(0x0, true, 40 * 1024)));
      // the client never answers the close frame: the server closes the connection anyway
      closed.future().await(5, TimeUnit.SECONDS);
      assertThat((System.nanoTime() - start) / 1_000_000).as("closed by the server at once").isLessThan(3_000);
      // the server's heartbeat may have pinged first: the close frame follows any pings
      int at = 0;
      while ((received.getByte(at) & 0x0F) == 0x9) at += 2 + (received.getByte(at + 1) & 0x7F);
      assertThat(received.getByte(at) & 0x0F).as("a close frame").isEqualTo(0x8);
      assertThat(received.getShort(at + 2)).isEqualTo((short) 1009);
    }
  }

  /** Whether the server still holds an open TCP connection to this client port (Linux's table of sockets). */
  private static boolean serverHolds(int serverPort, int clientPort) throws IOException {
    String local = String.format(":%04X", serverPort);
    String remote = String.format(":%04X", clientPort);
    for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
      for (String line : Files.readAllLines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 3 && f[1].endsWith(local) && f[2].endsWith(remote) && f[3].equals("01")) return true; // 01: ESTABLISHED
      }
    }
    return false;
  }

  @Test
  void aStalledReaderIsCutOffFreedAndDisconnectedWithoutReadingAnything(Vertx vertx) throws Exception {
    String token = api.login("dispatcher");
    JsonObject p = Points.of("yhq-02");
    String resident = api.resident("13800000002");
    try (Terminal slow = Terminal.connect(vertx, node.port(), token, new WebSocketClientOptions().setReceiveBufferSize(4096))) {
      slow.subscribe("center", null);
      int clientPort = slow.ws.localAddress().port();
      assertThat(serverHolds(node.port(), clientPort)).isTrue();
      slow.ws.pause(); // reads nothing from here on

      int filed = 0;
      long deadline = System.currentTimeMillis() + 60_000;
      while (serverHolds(node.port(), clientPort) && System.currentTimeMillis() < deadline) {
        if (filed < 600) {
          List<Future<Api.Response>> calls = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            calls.add(api.send(HttpMethod.POST, "/api/v1/tickets", resident,
                Api.report("noise", p.getDouble("lat"), p.getDouble("lon"), "施工噪音".repeat(50)), null));
          }
          Future.all(calls).await();
          filed += 20;
        } else {
          vertx.timer(200).await();
        }
      }
      // the server let go of the connection although the client read nothing (its close frame could not get out)
      assertThat(serverHolds(node.port(), clientPort)).as("server still holds the connection").isFalse();

      // what it had queued was dropped, not delivered late
      slow.ws.resume();
      List<JsonObject> got = new ArrayList<>();
      long until = System.currentTimeMillis() + 10_000;
      while (slow.closedWith == null && System.currentTimeMillis() < until) got.addAll(slow.quietFor(100));
      got.addAll(slow.quietFor(200));
      assertThat(slow.closedWith).as("closed").isNotNull();
      assertThat(got.stream().filter(f -> "event".equals(f.getString("op"))).count()).isLessThan(2L * filed);
    }
  }
}
