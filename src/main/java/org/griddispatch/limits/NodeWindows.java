package org.griddispatch.limits;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Fixed windows counted in this node's memory, one set for all of its HTTP verticles. For limits by
 * client address: they need no agreement between nodes (a client spread over n nodes gets n times the
 * allowance, which still stops a flood) and must cost no database round trip.
 */
final class NodeWindows implements Shareable {
  /** How often the expired windows are swept out, so that the addresses of a passing flood do not stay. */
  private static final int SWEEP_EVERY = 1024;

  private record Window(long endNanos, int uses) {}

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final AtomicInteger sinceSweep = new AtomicInteger();
  private final LongSupplier nanoTime;

  NodeWindows(LongSupplier nanoTime) { this.nanoTime = nanoTime; }

  /** The node's one instance, kept in the Vert.x instance's local shared data. */
  static NodeWindows of(Vertx vertx) {
    return vertx.sharedData().<String, NodeWindows>getLocalMap("limits.node-windows")
        .computeIfAbsent("windows", k -> new NodeWindows(System::nanoTime));
  }

  Hit hit(Counter counter) {
    long now = nanoTime.getAsLong();
    long length = counter.limit().windowSeconds() * 1_000_000_000L;
    Window w = windows.compute(counter.id(), (k, old) -> old == null || now - old.endNanos() >= 0
        ? new Window(now + length, 1) : new Window(old.endNanos(), old.uses() + 1));
    if (sinceSweep.incrementAndGet() % SWEEP_EVERY == 0) windows.values().removeIf(x -> now - x.endNanos() >= 0);
    return new Hit(counter.limit(), counter.key(), w.uses(), (int) Math.ceil((w.endNanos() - now) / 1e9));
  }

  int size() { return windows.size(); }
}
