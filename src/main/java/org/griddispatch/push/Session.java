package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.ticket.Scope;
import org.griddispatch.ticket.TicketView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One connected terminal: its user, its subscriptions, a rate limit on what it sends and a bound on
 * what waits to be written to it. A terminal that cannot keep up is disconnected (it can resume)
 * rather than allowed to grow the heap.
 */
final class Session {
  /** Close codes: 4000 too slow, 4001 too many bad messages, 4002 no heartbeat, 4003 token expired. */
  static final short TOO_SLOW = 4000;
  static final short ABUSIVE = 4001;
  static final short SILENT = 4002;
  static final short EXPIRED = 4003;

  final ServerWebSocket ws;
  final Actor actor;
  private final SocketHub hub;
  private final Limits limits;
  final Map<String, Subscription> subscriptions = new HashMap<>();
  private int pendingFrames;
  private io.vertx.core.Promise<Void> drained;
  private double tokens;
  private long lastRefill = System.nanoTime();
  private int refused;
  long lastHeard = System.currentTimeMillis();
  private boolean closed;
  private long expiryTimer = -1;

  /** Which of the hub's heartbeat slices pings this socket. */
  final int heartbeatSlice;

  Session(ServerWebSocket ws, Actor actor, SocketHub hub, Limits limits, int heartbeatSlice) {
    this.heartbeatSlice = heartbeatSlice;
    this.ws = ws;
    this.actor = actor;
    this.hub = hub;
    this.limits = limits;
    this.tokens = limits.messageBurst();
  }

  /** A topic this socket follows: replaying from the database, then live. */
  final class Subscription {
    final String clientTopic;
    final String key;
    Cursor last;
    boolean replaying = true;
    final List<Object[]> buffered = new ArrayList<>();

    Subscription(String clientTopic, String key) {
      this.clientTopic = clientTopic;
      this.key = key;
    }

    /** A live event for this topic; held back while the replay runs, dropped if already sent. */
    void offer(JsonObject event, JsonObject ticket) {
      if (replaying) {
        buffered.add(new Object[] {event, ticket});
        return;
      }
      deliver(event, ticket);
    }

    void deliver(JsonObject event, JsonObject ticket) {
      Cursor c = Cursor.parse(event.getString("cursor"));
      if (last != null && !c.after(last)) return;
      last = c;
      sendEvent(this, event, ticket);
    }

    void goLive() {
      replaying = false;
      for (Object[] e : buffered) deliver((JsonObject) e[0], (JsonObject) e[1]);
      buffered.clear();
    }
  }

  /** A socket lives no longer than its token: then the client signs in again and resumes. */
  void expireAt(long epochSeconds) {
    if (epochSeconds == Long.MAX_VALUE) return;
    long left = Math.max(1, Math.min(epochSeconds * 1000 - System.currentTimeMillis(), 30L * 24 * 3600 * 1000));
    expiryTimer = hub.vertx().setTimer(left, t -> closeWith(EXPIRED, "Token expired; sign in again and resume"));
  }

  void start() {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> error("bad_request", null, "Send text frames carrying JSON"));
    ws.pongHandler(b -> lastHeard = System.currentTimeMillis());
    ws.closeHandler(v -> close());
    ws.exceptionHandler(e -> close());
  }

  private void onText(String text) {
    lastHeard = System.currentTimeMillis();
    if (!allowed()) return;
    if (text.length() > limits.maxMessageBytes()) {
      error("too_large", null, "Messages are at most " + limits.maxMessageBytes() + " bytes");
      return;
    }
    JsonObject msg;
    try {
      msg = new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      error("bad_request", null, "Not a JSON object");
      return;
    }
    String op = msg.getValue("op") instanceof String s ? s : null;
    String topic = msg.getValue("topic") instanceof String s ? s : null;
    if (op == null) {
      error("bad_request", topic, "Missing op");
      return;
    }
    switch (op) {
      case "ping" -> send(new JsonObject().put("op", "pong"));
      case "subscribe" -> hub.subscribe(this, topic, msg.getValue("after"));
      case "unsubscribe" -> {
        Subscription sub = topic == null ? null : subscriptions.remove(topic);
        if (sub != null) hub.forget(sub);
        send(new JsonObject().put("op", "unsubscribed").put("topic", topic));
      }
      default -> error("bad_request", topic, "Unknown op '" + op + "'");
    }
  }

  /** Token bucket over client messages; a client that keeps flooding is disconnected. */
  private boolean allowed() {
    long now = System.nanoTime();
    tokens = Math.min(limits.messageBurst(), tokens + (now - lastRefill) / 1e9 * limits.messagesPerSecond());
    lastRefill = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    if (++refused > limits.messageBurst() * 5) {
      closeWith(ABUSIVE, "Too many messages");
    } else if (refused % limits.messageBurst() == 1) {
      error("rate_limited", null, "Slow down: at most " + limits.messagesPerSecond() + " messages a second");
    }
    return false;
  }

  void sendEvent(Subscription sub, JsonObject event, JsonObject ticket) {
    if (sub.clientTopic.startsWith("ticket:") && ticket != null && !Scope.canSee(actor, ticket)) {
      // the ticket moved out of this user's sight (reassigned, say): the subscription ends here
      subscriptions.remove(sub.clientTopic);
      hub.forget(sub);
      error("forbidden", sub.clientTopic, "You may no longer follow this ticket");
      return;
    }
    event = ticket == null ? event : TicketView.event(event, ticket, actor);
    JsonObject frame = new JsonObject().put("op", "event").put("topic", sub.clientTopic)
        .put("cursor", event.getString("cursor")).put("ticketId", event.getString("ticketId"))
        .put("seq", event.getInteger("seq")).put("type", event.getString("type"));
    if (ticket != null && Scope.canSee(actor, ticket)) frame.put("ticket", TicketView.render(ticket, actor));
    frame.put("at", event.getString("at")).put("actor", event.getJsonObject("actor")).put("data", event.getJsonObject("data"));
    send(frame);
  }

  void error(String code, String topic, String message) {
    send(new JsonObject().put("op", "error").put("code", code).put("topic", topic).put("message", message));
  }

  /** Writes a frame, or disconnects a terminal whose unwritten frames passed the bound. */
  void send(JsonObject frame) {
    if (closed) return;
    if (pendingFrames >= limits.maxPendingFrames()) {
      closeWith(TOO_SLOW, "Too slow to keep up; reconnect and resume from your last cursor");
      return;
    }
    pendingFrames++;
    ws.writeTextMessage(frame.encode()).onComplete(ar -> {
      pendingFrames--;
      if (drained != null && pendingFrames <= limits.maxPendingFrames() / 4) {
        io.vertx.core.Promise<Void> p = drained;
        drained = null;
        p.tryComplete();
      }
    });
  }

  /** Completes once most of what was sent has been written, so a replay goes at the client's pace. */
  Future<Void> drained() {
    if (closed || pendingFrames <= limits.maxPendingFrames() / 4) return Future.succeededFuture();
    if (drained == null) drained = io.vertx.core.Promise.promise();
    return drained.future();
  }

  void heartbeat(long now) {
    if (now - lastHeard > 2 * limits.heartbeatMillis()) {
      closeWith(SILENT, "No heartbeat");
      return;
    }
    ws.writePing(Buffer.buffer("hb"));
  }

  void closeWith(short code, String reason) {
    if (closed) return;
    close();
    ws.close(code, reason);
  }

  void close() {
    if (closed) return;
    closed = true;
    if (expiryTimer >= 0) hub.vertx().cancelTimer(expiryTimer);
    if (drained != null) drained.tryComplete();
    subscriptions.values().forEach(hub::forget);
    subscriptions.clear();
    hub.remove(this);
  }

  boolean isClosed() { return closed; }

  Future<Void> closeForShutdown() {
    close();
    return ws.close((short) 1012, "Server restarting; reconnect and resume");
  }
}
