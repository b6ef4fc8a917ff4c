package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.auth.Tokens;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.web.Http;
import org.griddispatch.ticket.TicketQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The WebSocket endpoint of one HTTP verticle: authenticates upgrades, keeps its sockets'
 * subscriptions by topic, takes the feeder's stream off the clustered bus and hands each event to
 * the subscriptions of its topics. Everything runs on the verticle's event loop.
 */
public final class SocketHub {
  private static final Logger log = LoggerFactory.getLogger(SocketHub.class);
  private static final int PAGE = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final TicketQueries tickets;
  private final Limits limits;
  private final Set<Session> sessions = new HashSet<>();
  private final Map<String, Set<Session.Subscription>> byTopic = new HashMap<>();
  /** The last stream position this hub has delivered. */
  private Cursor position;
  /** Batches are handled one after another, even when one has to fill a gap from the database. */
  private Future<Void> chain = Future.succeededFuture();
  private long heartbeatTimer;
  private long heartbeatTick;
  private static final int HEARTBEAT_SLICES = 32;
  private int nextSlice;

  public SocketHub(Vertx vertx, Pool pool, Tokens tokens, TicketQueries tickets, JsonObject config) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.tickets = tickets;
    this.limits = Limits.from(config);
  }

  public Future<Void> start() {
    MessageConsumer<JsonObject> events = vertx.eventBus().consumer(Addresses.PUSH_EVENTS, m -> onBatch(m.body()));
    MessageConsumer<JsonObject> notices = vertx.eventBus().consumer(Addresses.PUSH_ANNOUNCEMENTS, m -> announce(m.body()));
    // each tick pings one slice of the sockets, so 10,000 pings never leave the event loop at once
    heartbeatTimer = vertx.setPeriodic(Math.max(1, limits.heartbeatMillis() / HEARTBEAT_SLICES), t -> {
      long now = System.currentTimeMillis();
      int slice = (int) (heartbeatTick++ % HEARTBEAT_SLICES);
      for (Session s : List.copyOf(sessions)) if (s.heartbeatSlice == slice) s.heartbeat(now);
    });
    return EventReader.stableEnd(pool).onSuccess(p -> position = p)
        .compose(p -> Future.join(events.completion(), notices.completion())).mapEmpty();
  }

  Vertx vertx() { return vertx; }

  /** GET /ws: a valid token and an allowed origin, or no upgrade at all. */
  public void handshake(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!originAllowed(req)) {
      Http.fail(ctx, ApiError.forbidden("This origin may not open a socket"));
      return;
    }
    tokens.verifyWithExpiry(token(req)).onComplete(ar -> {
      if (ar.failed()) {
        Http.fail(ctx, ar.cause());
        return;
      }
      Actor actor = ar.result().actor();
      ctx.put(Actor.CONTEXT_KEY, actor);
      req.toWebSocket().onSuccess(ws -> {
        Session session = new Session(ws, actor, this, limits, nextSlice++ % HEARTBEAT_SLICES);
        sessions.add(session);
        session.start();
        session.expireAt(ar.result().expiresAt());
      }).onFailure(e -> log.debug("WebSocket upgrade failed: {}", e.toString()));
    });
  }

  private static String token(HttpServerRequest req) {
    String query = req.getParam("access_token");
    if (query != null) return query;
    String protocols = req.getHeader("Sec-WebSocket-Protocol");
    if (protocols != null) {
      String[] parts = protocols.split(",");
      if (parts.length == 2 && parts[0].strip().equalsIgnoreCase("bearer")) return parts[1].strip();
    }
    return null;
  }

  /** Browsers send an Origin: the page's own host and the configured ones may connect; other clients send none. */
  private boolean originAllowed(HttpServerRequest req) {
    String origin = req.getHeader("Origin");
    if (origin == null || limits.allowedOrigins().contains(origin) || limits.allowedOrigins().contains("*")) return true;
    try {
      String host = req.authority() == null ? null : req.authority().toString();
      return host != null && host.equalsIgnoreCase(URI.create(origin).getRawAuthority());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ---- subscriptions ------------------------------------------------------------------------

  void subscribe(Session session, String topic, Object after) {
    if (topic == null || topic.isBlank() || topic.length() > 100) {
      session.error("bad_request", topic, "A topic is required");
      return;
    }
    Cursor from;
    try {
      from = after == null ? null : Cursor.parse(String.valueOf(after));
    } catch (IllegalArgumentException e) {
      session.error("bad_request", topic, "Not a cursor this server gave out");
      return;
    }
    if (!session.subscriptions.containsKey(topic) && session.subscriptions.size() >= limits.maxSubscriptions()) {
      session.error("bad_request", topic, "At most " + limits.maxSubscriptions() + " subscriptions");
      return;
    }
    authorize(session.actor, topic).onComplete(ar -> {
      if (session.isClosed()) return;
      if (ar.failed()) {
        session.error("bad_request", topic, "Unknown topic");
        return;
      }
      if (ar.result() == null) {
        session.error("forbidden", topic, "You may not follow " + topic);
        return;
      }
      Session.Subscription old = session.subscriptions.remove(topic);
      if (old != null) forget(old);
      Session.Subscription sub = session.new Subscription(topic, ar.result());
      session.subscriptions.put(topic, sub);
      byTopic.computeIfAbsent(sub.key, k -> new HashSet<>()).add(sub);
      Cursor upTo = position;
      log.debug("subscribe {} after {} at hub position {}", topic, from, upTo);
      session.send(new JsonObject().put("op", "subscribed").put("topic", topic)
          .put("cursor", (from != null ? from : upTo).toString()));
      if (from == null || !upTo.after(from)) {
        sub.last = from == null ? upTo : from;
        sub.goLive();
        return;
      }
      replay(session, sub, from, upTo).onComplete(done -> {
        if (done.failed()) {
          log.warn("Replay for {} failed: {}", topic, done.cause().toString());
          session.closeWith((short) 1011, "Replay failed; reconnect and resume");
          return;
        }
        sub.goLive();
      });
    });
  }

  /**
   * Sends the topic's events in (from, upTo] from the database, a page at a time, each page once
   * the socket has written most of the last: a long replay never counts as a slow reader.
   */
  private Future<Void> replay(Session session, Session.Subscription sub, Cursor from, Cursor upTo) {
    int page = Math.max(10, limits.maxPendingFrames() / 2);
    return EventReader.range(pool, sub.key, from, upTo, page).compose(batch -> {
      if (session.isClosed()) return Future.succeededFuture();
      for (Object o : batch.events()) {
        JsonObject e = (JsonObject) o;
        sub.deliver(e, batch.tickets().getJsonObject(e.getString("ticketId")));
      }
      if (batch.events().size() < page) {
        if (sub.last == null || upTo.after(sub.last)) sub.last = upTo;
        return Future.succeededFuture();
      }
      return session.drained().compose(v -> replay(session, sub, batch.last(), upTo));
    });
  }

  /** The internal topic the client's topic stands for, null when forbidden; fails when unknown. */
  private Future<String> authorize(Actor actor, String topic) {
    boolean all = actor.role().seesEverything();
    if (topic.equals("me")) return Future.succeededFuture("user:" + actor.id());
    if (topic.equals("center")) return Future.succeededFuture(all ? "center" : null);
    int colon = topic.indexOf(':');
    if (colon <= 0 || colon == topic.length() - 1) return Future.failedFuture("unknown topic");
    String kind = topic.substring(0, colon);
    String id = topic.substring(colon + 1);
    return switch (kind) {
      case "grid" -> Future.succeededFuture(all || (actor.has(Role.GRID_WORKER) && actor.worksIn(id)) ? topic : null);
      case "dept" -> Future.succeededFuture(all || (actor.has(Role.DEPT_STAFF) && id.equals(actor.deptId())) ? topic : null);
      case "ticket" -> tickets.visible(actor, id).map(t -> topic).otherwise((String) null);
      default -> Future.failedFuture("unknown topic");
    };
  }

  void forget(Session.Subscription sub) {
    Set<Session.Subscription> set = byTopic.get(sub.key);
    if (set != null && set.remove(sub) && set.isEmpty()) byTopic.remove(sub.key);
  }

  void remove(Session session) {
    sessions.remove(session);
  }

  // ---- the stream ---------------------------------------------------------------------------

  private void onBatch(JsonObject batch) {
    chain = chain.compose(v -> handle(batch)).otherwise(e -> {
      log.warn("Could not deliver a batch of events: {}", e.toString());
      return null;
    });
  }

  private Future<Void> handle(JsonObject batch) {
    Cursor from = Cursor.parse(batch.getString("from"));
    Cursor to = Cursor.parse(batch.getString("to"));
    if (!to.after(position)) return Future.succeededFuture(); // already delivered (a new feeder repeating itself)
    Future<Void> filled = from.after(position) ? fill(from) : Future.succeededFuture();
    return filled.map(v -> {
      dispatch(batch.getJsonArray("events"), batch.getJsonObject("tickets"));
      return null;
    });
  }

  /** This hub missed part of the stream (it started late, or the feeder changed): read it from the database. */
  private Future<Void> fill(Cursor upTo) {
    return EventReader.range(pool, null, position, upTo, PAGE).compose(batch -> {
      dispatch(batch.events(), batch.tickets());
      if (batch.events().size() < PAGE) {
        position = upTo;
        return Future.succeededFuture();
      }
      return fill(upTo);
    });
  }

  private void dispatch(JsonArray events, JsonObject ticketRecords) {
    for (Object o : events) {
      JsonObject e = (JsonObject) o;
      Cursor c = Cursor.parse(e.getString("cursor"));
      if (!c.after(position)) continue;
      JsonObject ticket = ticketRecords.getJsonObject(e.getString("ticketId"));
      for (Object t : e.getJsonArray("topics")) {
        Set<Session.Subscription> subs = byTopic.get((String) t);
        if (subs != null) for (Session.Subscription sub : List.copyOf(subs)) sub.offer(e, ticket);
      }
      position = c;
    }
  }

  private void announce(JsonObject notice) {
    JsonObject frame = notice.copy().put("op", "announcement");
    for (Session s : List.copyOf(sessions)) {
      if (s.actor.has(Role.RESIDENT) || s.subscriptions.containsKey("center")) s.send(frame);
    }
  }

  /** Tells every socket to reconnect elsewhere; part of a graceful stop. */
  public Future<Void> stop() {
    vertx.cancelTimer(heartbeatTimer);
    List<Future<Void>> closing = new ArrayList<>();
    for (Session s : List.copyOf(sessions)) closing.add(s.closeForShutdown());
    return Future.join(closing).mapEmpty();
  }
}
