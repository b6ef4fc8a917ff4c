package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Revocations;
import org.griddispatch.auth.Tokens;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.TicketChanges;
import org.griddispatch.ticket.TicketQueries;
import org.griddispatch.web.Http;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The WebSocket endpoint of one HTTP verticle: authenticates upgrades and keeps the sockets, pinging
 * them and passing them the policy notices; answers what they ask of it ({@link Hub}) with
 * {@link Topic}, this node's {@link LiveStream} and {@link Replay}. Everything runs on the verticle's
 * event loop.
 */
public final class SocketHub implements Hub {
  private static final Logger log = LoggerFactory.getLogger(SocketHub.class);
  private static final int HEARTBEAT_SLICES = 32;

  private final Vertx vertx;
  private final Pool pool;
  private final Tokens tokens;
  private final Revocations revocations;
  private final TicketQueries tickets;
  private final Limits limits;
  private final LiveStream stream;
  private TicketChanges changes;
  /** Each socket, with the heartbeat slice that pings it. */
  private final Map<Session, Integer> sessions = new HashMap<>();
  private long heartbeatTimer;
  private long revocationTimer;
  private final long revocationCheckMillis;
  private long heartbeatTick;
  private int nextSlice;

  public SocketHub(Vertx vertx, Pool pool, Tokens tokens, Revocations revocations, TicketQueries tickets, JsonObject config) {
    this.vertx = vertx;
    this.pool = pool;
    this.tokens = tokens;
    this.revocations = revocations;
    this.revocationCheckMillis = config.getLong("revocationCheckMillis", 1000L);
    this.tickets = tickets;
    this.limits = Limits.from(config);
    this.stream = new LiveStream(vertx, pool, config);
  }

  /** Where the sockets' {@code seen} goes: the node's writer of ticket changes. */
  public SocketHub seenThrough(TicketChanges changes) {
    this.changes = changes;
    return this;
  }

  public Future<Void> start() {
    Future<Void> following = stream.start();
    MessageConsumer<JsonObject> notices = vertx.eventBus().consumer(Addresses.PUSH_ANNOUNCEMENTS, m -> announce(m.body()));
    // each tick pings one slice of the sockets, so 10,000 pings never leave the event loop at once
    heartbeatTimer = vertx.setPeriodic(Math.max(1, limits.heartbeatMillis() / HEARTBEAT_SLICES), t -> {
      long now = System.currentTimeMillis();
      int slice = (int) (heartbeatTick++ % HEARTBEAT_SLICES);
      for (Map.Entry<Session, Integer> s : List.copyOf(sessions.entrySet())) {
        if (s.getValue() == slice) s.getKey().heartbeat(now);
      }
    });
    // a sign-in ended on a node outside this one's cluster still closes its sockets within the check interval
    revocationTimer = vertx.setPeriodic(revocationCheckMillis, t -> closeRevoked());
    return Future.join(following, notices.completion()).mapEmpty();
  }

  /** GET /ws: a valid token and an allowed origin, or no upgrade at all. */
  public void handshake(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    if (!originAllowed(req)) {
      Http.fail(ctx, ApiError.forbidden("This origin may not open a socket"));
      return;
    }
    req.pause(); // the upgrade waits for the database's word on the sign-in; nothing of the request may be read meanwhile
    tokens.verifyWithExpiry(token(req))
        .compose(signed -> revocations.check(signed.actor(), signed.generation()).map(actor -> Map.entry(signed, actor)))
        .onComplete(ar -> {
          if (ar.failed()) {
            Http.fail(ctx, ar.cause());
            return;
          }
          Tokens.Signed signed = ar.result().getKey();
          Actor actor = ar.result().getValue();
          ctx.put(Actor.CONTEXT_KEY, actor);
          req.toWebSocket().onSuccess(ws -> {
            Session session = new Session(ws, req.connection() instanceof io.vertx.core.net.impl.ConnectionBase base ? base.channel() : null, actor, signed.generation(), vertx, this, limits,
                org.griddispatch.common.Translations.language(req.getHeader("Accept-Language")));
            sessions.put(session, nextSlice++ % HEARTBEAT_SLICES);
            forgetUpgrade(ws);
            session.start(signed.expiresAt());
          }).onFailure(e -> log.debug("WebSocket upgrade failed: {}", e.toString()));
        });
  }

  /**
   * Vert.x leaves, in the socket's channel handler, the factory that made its connection, and with it the
   * upgrade's HTTP connection (its own 1,024-slot write queue), the request and response with their
   * headers, the router's context and the handshake: about a third of an idle socket's heap, for the
   * socket's whole life. The factory is read once, when the handler is added; dropping it frees the rest.
   * Where Vert.x is built otherwise this does nothing.
   */
  private static void forgetUpgrade(io.vertx.core.http.ServerWebSocket ws) {
    try {
      Object socket = ws;
      if (!(socket instanceof io.vertx.core.internal.http.WebSocketInternal)) {
        java.lang.reflect.Field delegate = socket.getClass().getDeclaredField("delegate"); // vertx-web's wrapper
        delegate.setAccessible(true);
        socket = delegate.get(socket);
      }
      if (!(socket instanceof io.vertx.core.internal.http.WebSocketInternal internal)) return;
      Object handler = internal.channelHandlerContext().handler();
      if (handler instanceof io.vertx.core.net.impl.VertxHandler<?> vertxHandler && vertxHandler.getConnection() != null) {
        java.lang.reflect.Field factory = io.vertx.core.net.impl.VertxHandler.class.getDeclaredField("connectionFactory");
        factory.setAccessible(true);
        factory.set(vertxHandler, null);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("Could not drop the upgrade's connection factory: {}", e.toString());
    }
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

  // ---- what the sockets ask ----------------------------------------------------------------------

  @Override
  public Future<Topic> authorize(Actor actor, String name) {
    return Topic.authorize(actor, name, tickets);
  }

  @Override
  public Cursor follow(Subscription subscription) {
    return stream.follow(subscription);
  }

  @Override
  public Future<Void> catchUp(Subscription subscription, Cursor after, Cursor live, Integer replayLimit, Replay.Acknowledgement ack) {
    String name = subscription.topic().name();
    log.debug("subscribe {} after {} at hub position {}", name, after, live);
    int page = Math.max(10, limits.maxPendingFrames() / 2); // a page never fills a socket's outbox on its own
    return Replay.start(subscription, after, live, replayLimit, pool, page, ack)
        .onFailure(e -> log.warn("Replay for {} failed: {}", name, e.toString()));
  }

  @Override
  public Future<Boolean> seen(Actor actor, String ticketId) {
    if (changes == null) return Future.failedFuture(ApiError.notFound("Ticket"));
    return changes.seen(actor, ticketId).map(true)
        .recover(e -> e instanceof ApiError refused && "already_seen".equals(refused.code())
            ? Future.succeededFuture(false) : Future.failedFuture(e));
  }

  @Override
  public void unfollow(Subscription subscription) {
    subscription.end();
    stream.unfollow(subscription);
  }

  @Override
  public void closed(Session session) {
    sessions.remove(session);
  }

  // ---- ended sign-ins ------------------------------------------------------------------------

  /**
   * The user's account changed: their sockets whose sign-in has ended close now (4003); those whose
   * grids or department changed close with 4004, and the page reconnects with the same token into
   * its new scope (topics are authorised once, at subscription).
   */
  public void recheck(String userId) {
    closeRevoked(sessions.keySet().stream().filter(s -> s.actor().id().equals(userId)).toList());
  }

  private void closeRevoked() {
    closeRevoked(List.copyOf(sessions.keySet()));
  }

  private void closeRevoked(List<Session> among) {
    if (among.isEmpty()) return;
    Set<String> users = among.stream().map(s -> s.actor().id()).collect(Collectors.toSet());
    revocations.standings(users)
        .onSuccess(current -> among.forEach(s -> {
          Revocations.Standing now = current.get(s.actor().id());
          if (now == null || now.generation() != s.generation()) s.signInEnded();
          else if (now.scope(s.actor()) != s.actor()) s.scopeChanged();
        }))
        .onFailure(e -> log.debug("Checking sign-ins failed: {}", e.toString()));
  }

  // ---- notices and stopping ------------------------------------------------------------------

  private void announce(JsonObject notice) {
    // an incident's notice names the residents of its grids: only they (and the centre) get it, never the list
    io.vertx.core.json.JsonArray only = notice.getJsonArray("residentIds");
    JsonObject frame = notice.copy().put("op", "announcement");
    frame.remove("residentIds");
    for (Session s : List.copyOf(sessions.keySet())) {
      if (only == null || !s.actor().has(org.griddispatch.auth.Role.RESIDENT) || only.contains(s.actor().id())) s.announce(frame);
    }
  }

  /** Tells every socket to reconnect elsewhere; part of a graceful stop. */
  public Future<Void> stop() {
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(revocationTimer);
    stream.stop();
    List<Future<Void>> closing = new ArrayList<>();
    for (Session s : List.copyOf(sessions.keySet())) closing.add(s.closeForShutdown());
    return Future.join(closing).mapEmpty();
  }
}
