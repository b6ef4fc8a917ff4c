package org.griddispatch.web;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;
import org.griddispatch.common.ApiError;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Set when a node starts shutting down, so readiness turns it away from load balancers and new
 * requests are refused (503, retry elsewhere) while those already in flight finish before the
 * verticles and their pools stop. Kept per Vert.x instance, so nodes sharing a JVM (as in tests) do
 * not mix it up; shared by the node's event loops.
 */
public final class ShutdownState implements Shareable {
  private static final String MAP = "node.state";

  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();

  private ShutdownState() {}

  private static ShutdownState of(Vertx vertx) {
    return vertx.sharedData().<String, ShutdownState>getLocalMap(MAP).computeIfAbsent("state", k -> new ShutdownState());
  }

  public static boolean draining(Vertx vertx) {
    return of(vertx).draining.get();
  }

  public static void startDraining(Vertx vertx) {
    of(vertx).draining.set(true);
  }

  /**
   * Blocks the calling thread (never an event loop) until no request is in flight, or at most
   * {@code maxMillis}; answers how many were still in flight.
   */
  public static int awaitIdle(Vertx vertx, long maxMillis) throws InterruptedException {
    ShutdownState state = of(vertx);
    long deadline = System.currentTimeMillis() + maxMillis;
    while (state.inFlight.get() > 0 && System.currentTimeMillis() < deadline) Thread.sleep(20);
    return state.inFlight.get();
  }

  /**
   * The first handler of every request: counts it while it runs, or refuses it once the node drains.
   * Counted before the flag is read, so a request is either refused or waited for, never lost
   * between the two. A WebSocket upgrade is not counted: its socket is closed with 1012 at the stop.
   */
  public static void admit(RoutingContext ctx) {
    ShutdownState state = of(ctx.vertx());
    if (ctx.request().path().startsWith("/health/") || ctx.request().path().equals("/metrics")) {
      ctx.next(); // probes and scrapes are answered to the end (readiness says DRAINING)
      return;
    }
    state.inFlight.incrementAndGet();
    if (state.draining.get()) {
      state.inFlight.decrementAndGet();
      Http.fail(ctx, ApiError.shuttingDown());
      return;
    }
    if ("websocket".equalsIgnoreCase(ctx.request().getHeader("Upgrade"))) state.inFlight.decrementAndGet();
    else ctx.addEndHandler(ar -> state.inFlight.decrementAndGet());
    ctx.next();
  }
}
