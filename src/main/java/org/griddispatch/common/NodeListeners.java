package org.griddispatch.common;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Listeners of one kind of news within a node (one Vert.x instance), each on its own event loop: what
 * is handed out is the same Java object for all of them, crossing no codec, so they must not change it.
 * Delivered in the order it is handed out, on the caller's thread to a listener of the caller's context.
 */
final class NodeListeners<T> implements Shareable {
  private static final String MAP = "griddispatch.local";

  private record Listener<T>(Context context, Consumer<T> handler) {}

  private final List<Listener<T>> listeners = new CopyOnWriteArrayList<>();

  private NodeListeners() {}

  /** The node's one set of listeners under {@code key}. */
  @SuppressWarnings("unchecked")
  static <T> NodeListeners<T> of(Vertx vertx, String key) {
    LocalMap<String, NodeListeners<?>> map = vertx.sharedData().getLocalMap(MAP);
    NodeListeners<?> mine = map.get(key);
    if (mine != null) return (NodeListeners<T>) mine;
    NodeListeners<T> fresh = new NodeListeners<>();
    NodeListeners<?> raced = map.putIfAbsent(key, fresh);
    return raced != null ? (NodeListeners<T>) raced : fresh;
  }

  /** From now on {@code handler} gets everything handed out, on {@code context}; the returned action ends that. */
  Runnable listen(Context context, Consumer<T> handler) {
    Listener<T> l = new Listener<>(context, handler);
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  void deliver(T item) {
    Context here = Vertx.currentContext();
    for (Listener<T> l : listeners) {
      if (l.context() == here) l.handler().accept(item);
      else l.context().runOnContext(v -> l.handler().accept(item));
    }
  }
}
