package org.griddispatch.http;

/** Set when the node starts shutting down, so readiness turns it away from load balancers first. */
public final class ShutdownState {
  private static volatile boolean draining;

  private ShutdownState() {}

  public static boolean draining() { return draining; }

  public static void startDraining() { draining = true; }
}
