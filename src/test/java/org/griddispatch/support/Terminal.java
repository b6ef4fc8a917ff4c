package org.griddispatch.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real WebSocket client of the node, as a worker's terminal or a resident's phone holds one. */
public final class Terminal implements AutoCloseable {
  private final WebSocketClient client;
  public final WebSocket ws;
  /** Frames received and not yet read, in arrival order; guarded by itself. */
  private final List<JsonObject> frames = new java.util.LinkedList<>();
  public volatile Short closedWith;
  private final java.util.concurrent.CompletableFuture<Short> closed = new java.util.concurrent.CompletableFuture<>();
  /** Frames received and not yet held to the AsyncAPI document the node serves. */
  private final java.util.Queue<String> unchecked = new java.util.concurrent.ConcurrentLinkedQueue<>();

  private Terminal(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.textMessageHandler(t -> {
      unchecked.add(t); // held to the AsyncAPI document on the test's thread, not the event loop's
      synchronized (frames) {
        frames.add(new JsonObject(t));
        frames.notifyAll();
      }
    });
    ws.closeHandler(v -> {
      closedWith = ws.closeStatusCode() == null ? -1 : ws.closeStatusCode();
      closed.complete(closedWith);
    });
  }

  public static Terminal connect(Vertx vertx, int port, String token) {
    return connect(vertx, port, token, new WebSocketClientOptions());
  }

  public static Terminal connect(Vertx vertx, int port, String token, WebSocketClientOptions options) {
    return connect(vertx, port, token, options, null);
  }

  /** A socket whose upgrade asks for the server's texts in {@code acceptLanguage} (none: the server's default). */
  public static Terminal connect(Vertx vertx, int port, String token, WebSocketClientOptions options, String acceptLanguage) {
    WebSocketClient client = vertx.createWebSocketClient(options.setMaxFrameSize(256 * 1024).setMaxMessageSize(256 * 1024));
    WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws?access_token=" + token);
    if (acceptLanguage != null) connect.addHeader("Accept-Language", acceptLanguage);
    WebSocket ws = client.connect(connect).await();
    return new Terminal(client, ws);
  }

  /** The close code once the server has closed the socket (waiting on the close itself, at most {@code seconds}). */
  public short awaitClose(int seconds) {
    try {
      return closed.get(seconds, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the socket was not closed within " + seconds + " s", e);
    }
  }

  public void send(JsonObject frame) { ws.writeTextMessage(frame.encode()).await(); }

  public void sendText(String text) { ws.writeTextMessage(text).await(); }

  /** Subscribes and waits for the answer (subscribed or error). */
  public JsonObject subscribe(String topic, String after) {
    return subscribe(topic, after, null);
  }

  /** Subscribes asking for at most {@code replayLimit} missed events (any JSON value; null: all), and waits for the answer. */
  public JsonObject subscribe(String topic, String after, Object replayLimit) {
    JsonObject msg = new JsonObject().put("op", "subscribe").put("topic", topic);
    if (after != null) msg.put("after", after);
    if (replayLimit != null) msg.put("replayLimit", replayLimit);
    send(msg);
    return next(f -> topic.equals(f.getString("topic")) && ("subscribed".equals(f.getString("op")) || "error".equals(f.getString("op"))), 10);
  }

  /** Every server frame received so far must be a message of the AsyncAPI document; otherwise the test fails. */
  private void checkFrames() {
    for (String t; (t = unchecked.poll()) != null; ) {
      List<String> problems = ApiContract.checkFrame(t);
      if (!problems.isEmpty()) throw new AssertionError("A frame does not match the AsyncAPI document (src/main/resources/openapi/asyncapi.json): "
          + t + "\n  " + String.join("\n  ", problems));
    }
  }

  /** The next frame that matches; frames it passes over stay unread, in their order. */
  public JsonObject next(Predicate<JsonObject> match, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    synchronized (frames) {
      while (true) {
        checkFrames();
        for (var it = frames.iterator(); it.hasNext(); ) {
          JsonObject f = it.next();
          if (match.test(f)) {
            it.remove();
            return f;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("no matching frame within " + seconds + "s; unread " + frames);
        try {
          TimeUnit.NANOSECONDS.timedWait(frames, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** The next event frame about the ticket. */
  public JsonObject event(String ticketId, int seconds) {
    return next(f -> "event".equals(f.getString("op")) && ticketId.equals(f.getString("ticketId")), seconds);
  }

  /** Waits a little for frames that should not come; answers (and consumes) every frame received by then. */
  public List<JsonObject> quietFor(long millis) {
    long deadline = System.currentTimeMillis() + millis;
    synchronized (frames) {
      try {
        long left;
        while ((left = deadline - System.currentTimeMillis()) > 0) frames.wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      checkFrames();
      List<JsonObject> out = new ArrayList<>(frames);
      frames.clear();
      return out;
    }
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
