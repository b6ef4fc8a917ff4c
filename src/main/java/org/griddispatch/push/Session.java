package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.ticket.Scope;
import org.griddispatch.ticket.TicketView;

import java.util.HashMap;
import java.util.Map;

/**
 * One connected terminal: the protocol as its user speaks it, and that user's subscriptions. What the
 * client may send is limited by a {@link MessageRate}, what waits to be written to it by an
 * {@link Outbox}; a silent socket or an expired token ends it. It reaches the rest of the node only
 * through its {@link Hub}.
 */
final class Session {
  /** Close codes: 1009 message too big, 4000 too slow, 4001 too many bad messages, 4002 no heartbeat, 4003 token expired, 4004 scope changed. */
  static final short TOO_BIG = 1009;
  static final short TOO_SLOW = 4000;
  static final short ABUSIVE = 4001;
  static final short SILENT = 4002;
  /** The token expired, or the sign-in ended (signed out, deactivated, a new password or role). */
  static final short EXPIRED = 4003;
  /** The user's grids or department changed: reconnect with the same token. */
  static final short SCOPE_CHANGED = 4004;
  /** Time enough for a close frame to leave a socket that is being read. */
  private static final long FRAME_OUT_MILLIS = 200;

  private final ServerWebSocket ws;
  /**
   * The socket's TCP channel, to cut it; the channel alone, not the upgrade's HTTP connection, which would
   * keep the request it answered (headers, routing context, its own write queue) for the socket's life.
   */
  private final io.netty.channel.Channel channel;
  private final Actor actor;
  private final int generation;
  private final Vertx vertx;
  private final Hub hub;
  private final Limits limits;
  private final Map<String, Subscription> subscriptions = new HashMap<>();
  private final MessageRate rate;
  private final Outbox outbox;
  private long lastHeard = System.currentTimeMillis();
  private boolean closed;
  private long expiryTimer = -1;

  Session(ServerWebSocket ws, io.netty.channel.Channel channel, Actor actor, int generation, Vertx vertx, Hub hub, Limits limits,
          String language) {
    this.language = language;
    this.ws = ws;
    this.channel = channel;
    this.actor = actor;
    this.generation = generation;
    this.vertx = vertx;
    this.hub = hub;
    this.limits = limits;
    this.rate = new MessageRate(limits.messagesPerSecond(), limits.messageBurst());
    this.outbox = new Outbox(ws, limits.maxPendingFrames());
  }

  /**
   * Starts reading the socket. It lives no longer than its token ({@code expiresAt}, epoch seconds):
   * then the client signs in again and resumes.
   */
  void start(long expiresAt) {
    ws.textMessageHandler(this::onText);
    ws.binaryMessageHandler(b -> error("bad_request", null, "Send text frames carrying JSON"));
    ws.pongHandler(b -> lastHeard = System.currentTimeMillis());
    ws.closeHandler(v -> close());
    ws.exceptionHandler(this::onFailure);
    if (expiresAt == Long.MAX_VALUE) return;
    long left = Math.max(1, Math.min(expiresAt * 1000 - System.currentTimeMillis(), 30L * 24 * 3600 * 1000));
    expiryTimer = vertx.setTimer(left, t -> closeWith(EXPIRED, "Token expired; sign in again and resume"));
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
      case "subscribe" -> subscribe(msg, topic);
      case "unsubscribe" -> {
        Subscription sub = topic == null ? null : subscriptions.remove(topic);
        if (sub != null) hub.unfollow(sub);
        send(new JsonObject().put("op", "unsubscribed").put("topic", topic));
      }
      case "seen" -> seen(msg.getValue("ticketId"));
      default -> error("bad_request", topic, "Unknown op '" + op + "'");
    }
  }

  /** Whether the client may send this message now; a client that keeps flooding is disconnected. */
  private boolean allowed() {
    switch (rate.take()) {
      case ALLOWED -> { return true; }
      case WARNED -> error("rate_limited", null, "Slow down: at most " + limits.messagesPerSecond() + " messages a second");
      case CUT_OFF -> closeWith(ABUSIVE, "Too many messages");
      case REFUSED -> { }
    }
    return false;
  }

  /**
   * Acknowledges the topic, then sends what was missed after {@code after} (if given; with a
   * {@code replayLimit}, only when no more than that were missed), then the live stream.
   */
  private void subscribe(JsonObject msg, String topic) {
    SubscribeRequest request;
    try {
      request = SubscribeRequest.read(msg);
    } catch (IllegalArgumentException e) {
      error("bad_request", topic, e.getMessage());
      return;
    }
    String name = request.topic();
    if (!subscriptions.containsKey(name) && subscriptions.size() >= limits.maxSubscriptions()) {
      error("bad_request", name, "At most " + limits.maxSubscriptions() + " subscriptions");
      return;
    }
    hub.authorize(actor, name).onComplete(ar -> {
      if (closed) return;
      if (ar.failed()) {
        error("bad_request", name, "Unknown topic");
        return;
      }
      if (ar.result() == null) {
        error("forbidden", name, "You may not follow " + name);
        return;
      }
      Subscription old = subscriptions.remove(name);
      if (old != null) hub.unfollow(old);
      Subscription sub = new Subscription(ar.result(), this);
      subscriptions.put(name, sub);
      Cursor live = hub.follow(sub);
      hub.catchUp(sub, request.after(), live, request.replayLimit(), (cursor, reload) -> {
        JsonObject subscribed = new JsonObject().put("op", "subscribed").put("topic", name).put("cursor", cursor.toString());
        send(reload ? subscribed.put("reload", true) : subscribed);
      }).onFailure(e -> closeWith((short) 1011, "Replay failed; reconnect and resume"));
    });
  }

  /**
   * The terminal has shown a ticket to its user: acknowledged with {@code {"op":"seen","ticketId","first"}}
   * ({@code first}: this user's first time, now on the timeline), or an error {@code not_found} for a
   * ticket they cannot see.
   */
  private void seen(Object ticketId) {
    if (!(ticketId instanceof String id) || id.isBlank() || id.length() > 64) {
      send(new JsonObject().put("op", "error").put("code", "bad_request").put("message", "seen needs a ticketId"));
      return;
    }
    hub.seen(actor, id).onComplete(ar -> {
      if (closed) return;
      if (ar.succeeded()) {
        send(new JsonObject().put("op", "seen").put("ticketId", id).put("first", ar.result()));
        return;
      }
      org.griddispatch.common.ApiError e = org.griddispatch.common.ApiError.from(ar.cause());
      send(new JsonObject().put("op", "error").put("code", e.status() == 404 ? "not_found" : e.code()).put("ticketId", id)
          .put("message", e.getMessage()));
    });
  }

  /**
   * An event of one of this socket's subscriptions, rendered for its user. {@code frames} (null for none)
   * holds the frames already rendered for this event, by topic and viewer: every socket of the same user
   * on the same topic gets the same text, rendered and encoded once. {@code views} (null for none) holds
   * the tickets as this socket's user sees them, encoded, by the ticket's record: a replay renders and
   * encodes a ticket once for all its events in a page, not once an event.
   */
  void sendEvent(Subscription sub, JsonObject event, JsonObject ticket, Map<Object, String> frames, Map<JsonObject, String> views) {
    String topic = sub.topic().name();
    if (topic.startsWith("ticket:") && ticket != null && !Scope.canSee(actor, ticket)) {
      // the ticket moved out of this user's sight (reassigned, say): the subscription ends here
      subscriptions.remove(topic);
      hub.unfollow(sub);
      error("forbidden", topic, "You may no longer follow this ticket");
      return;
    }
    if (frames == null) {
      send(render(topic, event, ticket, views));
      return;
    }
    send(frames.computeIfAbsent(new Viewing(topic, actor), k -> render(topic, event, ticket, views)));
  }

  /** What a rendered frame depends on besides the event: the topic it goes out on and who sees it. */
  private record Viewing(String topic, Actor actor) {}

  /** The frame's text; the ticket, as this user sees it, is encoded on its own and goes last (once a page for a replay). */
  private String render(String topic, JsonObject event, JsonObject ticket, Map<JsonObject, String> views) {
    event = TicketView.event(event, ticket, actor); // a resident never gets a staff-internal note, with or without the ticket
    JsonObject frame = new JsonObject().put("op", "event").put("topic", topic)
        .put("cursor", event.getString("cursor")).put("ticketId", event.getString("ticketId"))
        .put("seq", event.getInteger("seq")).put("type", event.getString("type"));
    frame.put("at", event.getString("at")).put("actor", event.getJsonObject("actor")).put("data", event.getJsonObject("data"));
    if (event.getValue("internal") != null) frame.put("internal", event.getValue("internal"));
    String text = frame.encode();
    if (ticket == null || !Scope.canSee(actor, ticket)) return text;
    String view = views == null ? TicketView.render(ticket, actor).encode()
        : views.computeIfAbsent(ticket, t -> TicketView.render(t, actor).encode());
    return text.substring(0, text.length() - 1) + ",\"ticket\":" + view + "}";
  }

  /** A policy notice: residents get them, and sockets following {@code center}. */
  void announce(JsonObject frame) {
    if (actor.has(Role.RESIDENT) || subscriptions.containsKey("center")) send(frame);
  }

  /** The language of the socket's error texts: the upgrade request's {@code Accept-Language} (zh-CN by default, en). */
  private final String language;

  private void error(String code, String topic, String message) {
    send(new JsonObject().put("op", "error").put("code", code).put("topic", topic)
        .put("message", org.griddispatch.common.Translations.translate(message, language)));
  }

  /** Writes a frame, or disconnects a terminal whose unwritten frames passed the bound. */
  private void send(JsonObject frame) {
    send(frame.encode());
  }

  private void send(String frame) {
    if (closed) return;
    if (!outbox.write(frame)) closeWith(TOO_SLOW, "Too slow to keep up; reconnect and resume from your last cursor");
  }

  /** Completes once most of what was sent has been written, so a replay goes at the client's pace. */
  Future<Void> drained() {
    return closed ? Future.succeededFuture() : outbox.drained();
  }

  /** Pings the client, or closes the socket when nothing has been heard for two heartbeats. */
  void heartbeat(long now) {
    if (now - lastHeard > 2 * limits.heartbeatMillis()) {
      closeWith(SILENT, "No heartbeat");
      return;
    }
    ws.writePing(Buffer.buffer("hb"));
  }

  private Future<Void> closeWith(short code, String reason) {
    return closeWith(code, reason, limits.closeGraceMillis());
  }

  /**
   * Ends the session and tells the client why. The close frame follows what the socket already
   * holds; a client that reads nothing never lets it out, so the connection is cut from this side
   * after {@code graceMillis} whatever the client does. Completes when the socket has closed or been cut.
   */
  private Future<Void> closeWith(short code, String reason, long graceMillis) {
    if (closed) return Future.succeededFuture();
    close();
    if (ws.isClosed()) return Future.succeededFuture();
    Promise<Void> done = Promise.promise();
    long cut = vertx.setTimer(graceMillis, t -> {
      hangUp();
      done.tryComplete();
    });
    ws.close(code, reason).onComplete(ar -> {
      vertx.cancelTimer(cut);
      done.tryComplete();
    });
    return done.future();
  }

  /**
   * What the socket reports failing: an over-long message (Vert.x's own limit), or a broken
   * connection. A client that broke the protocol is not waited for: cut once the close frame is out.
   */
  private void onFailure(Throwable e) {
    boolean tooBig = e instanceof IllegalStateException && e.getMessage() != null && e.getMessage().contains("max message size");
    closeWith(tooBig ? TOO_BIG : 1011, tooBig ? "Messages are at most 64 KiB" : "Connection error",
        Math.min(FRAME_OUT_MILLIS, limits.closeGraceMillis()));
  }

  /**
   * Closes the TCP connection itself, dropping what the socket still holds. Straight from the
   * channel's pipeline head: Vert.x's own handler would turn a close into one more wait for the
   * closing handshake, which a client that reads nothing never completes.
   */
  private void hangUp() {
    if (channel == null) {
      ws.close();
      return;
    }
    var first = channel.pipeline().firstContext();
    if (first != null) first.close();
    else channel.close();
  }



  private void close() {
    if (closed) return;
    closed = true;
    if (expiryTimer >= 0) vertx.cancelTimer(expiryTimer);
    outbox.release();
    subscriptions.values().forEach(hub::unfollow);
    subscriptions.clear();
    hub.closed(this);
  }

  boolean isClosed() { return closed; }

  Actor actor() { return actor; }

  /** The token generation the socket was opened with. */
  int generation() { return generation; }

  /** The user's sign-in has ended: the socket closes as an expired one would. */
  void signInEnded() {
    closeWith(EXPIRED, "Signed out or account changed; sign in again");
  }

  /** The user's grids or department changed: the client reconnects (same token) into the new scope. */
  void scopeChanged() {
    closeWith(SCOPE_CHANGED, "Your grids or department changed; reconnect");
  }

  /** Tells the client to reconnect elsewhere and resume; part of the node's graceful stop. */
  Future<Void> closeForShutdown() {
    return closeWith((short) 1012, "Server restarting; reconnect and resume");
  }
}
