package org.griddispatch.common;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/**
 * The node's one reader of the cluster's event stream ({@link Addresses#PUSH_EVENTS}): takes each
 * {@link FeedBatch} off the bus once and hands the same object, read-only, to every listener of the
 * node on the listener's own event loop, in the order the bus brought them. Each consumer of the bus
 * would get a deep copy of every batch (the local bus copies a JSON body per consumer); a node has one
 * per HTTP event loop and one for duplicate detection, and those copies were a sixth of everything the
 * node allocated under push load. Listeners must not change what they are handed.
 */
public final class FeedTap {
  private final NodeListeners<FeedBatch> listeners;

  private FeedTap(NodeListeners<FeedBatch> listeners) {
    this.listeners = listeners;
  }

  /** The node's tap (per Vert.x instance). */
  public static FeedTap of(Vertx vertx) {
    return new FeedTap(NodeListeners.of(vertx, "feed-tap"));
  }

  /**
   * From now on {@code handler} gets every batch the bus brings (once the node's {@link Verticle} is
   * listening), on {@code context}; the returned action ends that.
   */
  public Runnable listen(Context context, Consumer<FeedBatch> handler) {
    return listeners.listen(context, handler);
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
      consumer = vertx.eventBus().consumer(Addresses.PUSH_EVENTS, m -> tap.listeners.deliver(FeedBatch.fromJson(m.body())));
      return consumer.completion();
    }

    @Override
    public Future<?> stop() {
      return consumer.unregister();
    }
  }
}
