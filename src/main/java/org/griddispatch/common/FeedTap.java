package org.griddispatch.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The node's one reader of the cluster's event stream ({@link Addresses#PUSH_EVENTS}): takes each
 * {@link FeedBatch} off the bus once and hands the same object, read-only, to every listener of the
 * node on the listener's own event loop, in the order the bus brought them. Each consumer of the bus
 * would get a deep copy of every batch (the local bus copies a JSON body per consumer); a node has one
 * per HTTP event loop and one for duplicate detection, and those copies were a sixth of everything the
 * node allocated under push load. Listeners must not change what they are handed.
 */
public final class FeedTap implements Shareable {
  private static final String MAP = "griddispatch.local";
  private static final String KEY = "feed-tap";

  private record Listener(Context context, Consumer<FeedBatch> handler) {}

  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private FeedTap() {}

  /** The node's one instance (per Vert.x instance). */
  public static FeedTap of(Vertx vertx) {
    LocalMap<String, FeedTap> map = vertx.sharedData().getLocalMap(MAP);
    FeedTap mine = map.get(KEY);
    if (mine != null) return mine;
    FeedTap fresh = new FeedTap();
    FeedTap raced = map.putIfAbsent(KEY, fresh);
    return raced != null ? raced : fresh;
  }

  /**
   * From now on {@code handler} gets every batch the bus brings (once the node's {@link Verticle} is
   * listening), on {@code context}; the returned action ends that.
   */
  public Runnable listen(Context context, Consumer<FeedBatch> handler) {
    Listener l = new Listener(context, handler);
    listeners.add(l);
    return () -> listeners.remove(l);
  }

  private void deliver(FeedBatch batch) {
    Context here = Vertx.currentContext();
    for (Listener l : listeners) {
      if (l.context() == here) l.handler().accept(batch);
      else l.context().runOnContext(v -> l.handler().accept(batch));
    }
  }

  /**
   * The tap's consumer on the bus, on a context of its own (so no other verticle's end unregisters it);
   * deployed before anything that listens, ready once the cluster knows the consumer.
   */
  public static final class Verticle extends VerticleBase {
    private MessageConsumer<JsonObject> consumer;

    @Override
    public Future<?> start() {
      FeedTap tap = of(vertx);
      consumer = vertx.eventBus().consumer(Addresses.PUSH_EVENTS, m -> tap.deliver(FeedBatch.fromJson(m.body())));
      return consumer.completion();
    }

    @Override
    public Future<?> stop() {
      return consumer.unregister();
    }
  }
}
