package org.griddispatch.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client of the node, as a worker's terminal or a resident's phone holds one. */
public final class Terminal implements AutoCloseable {
  private final WebSocketClient client;
  public final WebSocket ws;
  private final LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  public volatile Short closedWith;

  private Terminal(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(t -> frames.add(new JsonObject(t)));
    ws.closeHandler(v -> closedWith = ws.closeStatusCode() == null ? -1 : ws.closeStatusCode());
  }

  public static Terminal connect(Vertx vertx, int port, String token) {
    return connect(vertx, port, token, new WebSocketClientOptions());
  }

  public static Terminal connect(Vertx vertx, int port, String token, WebSocketClientOptions options) {
    WebSocketClient client = vertx.createWebSocketClient(options.setMaxFrameSize(256 * 1024).setMaxMessageSize(256 * 1024));
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/ws?access_token=" + token)).await();
    return new Terminal(client, ws);
  }

  public void send(JsonObject frame) { ws.writeTextMessage(frame.encode()).await(); }

  public void sendText(String text) { ws.writeTextMessage(text).await(); }

  /** Subscribes and waits for the answer (subscribed or error). */
  public JsonObject subscribe(String topic, String after) {
    JsonObject msg = new JsonObject().put("op", "subscribe").put("topic", topic);
    if (after != null) msg.put("after", after);
    send(msg);
    return next(f -> topic.equals(f.getString("topic")) && ("subscribed".equals(f.getString("op")) || "error".equals(f.getString("op"))), 10);
  }

  /** The next frame that matches, skipping others (they stay unread); fails after the timeout. */
  public JsonObject next(Predicate<JsonObject> match, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    List<JsonObject> skipped = new ArrayList<>();
    try {
      while (true) {
        long left = deadline - System.nanoTime();
        JsonObject f = left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
        if (f == null) throw new AssertionError("no matching frame within " + seconds + "s; skipped " + skipped);
        if (match.test(f)) {
          // keep the order of what we skipped for later reads
          List<JsonObject> rest = new ArrayList<>(skipped);
          frames.drainTo(rest);
          frames.addAll(rest);
          return f;
        }
        skipped.add(f);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next event frame about the ticket. */
  public JsonObject event(String ticketId, int seconds) {
    return next(f -> "event".equals(f.getString("op")) && ticketId.equals(f.getString("ticketId")), seconds);
  }

  /** Every frame received so far and not yet read. */
  public List<JsonObject> drain() {
    List<JsonObject> out = new ArrayList<>();
    frames.drainTo(out);
    return out;
  }

  /** Waits a little for frames that should not come; answers those that did. */
  public List<JsonObject> quietFor(long millis) {
    List<JsonObject> out = new ArrayList<>();
    long deadline = System.currentTimeMillis() + millis;
    try {
      while (System.currentTimeMillis() < deadline) {
        JsonObject f = frames.poll(deadline - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        if (f != null) out.add(f);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }

  @Override
  public void close() {
    try {
      ws.close().await(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // already closed by the server
    }
    client.close();
  }
}
