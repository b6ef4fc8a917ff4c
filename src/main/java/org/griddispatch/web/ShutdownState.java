package org.griddispatch.web;

import io.vertx.core.Vertx;

/**
 * Set when a node starts shutting down, so readiness turns it away from load balancers before its
 * verticles stop. Kept per Vert.x instance, so nodes sharing a JVM (as in tests) do not mix it up.
 */
public final class ShutdownState {
  private static final String MAP = "node.state";

  private ShutdownState() {}

  public static boolean draining(Vertx vertx) {
    return Boolean.TRUE.equals(vertx.sharedData().getLocalMap(MAP).get("draining"));
  }

  public static void startDraining(Vertx vertx) {
    vertx.sharedData().getLocalMap(MAP).put("draining", true);
  }
}
