package org.griddispatch.common;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Consumer;

/**
 * The node's own short cut from a writer to its sockets: a writer whose commit has succeeded hands the
 * transaction's events here, as a {@link FeedBatch} whose {@code from} is the stream position right before
 * them (every event of every earlier transaction, all of which had finished when the writer's statement
 * began) and whose {@code to} is their last. Each hub on this node takes it on its own event loop and
 * delivers it only where it continues the hub's stream exactly; the cluster's ordered stream
 * ({@link Addresses#PUSH_EVENTS}) still brings the same events to every node, where they are dropped as
 * already delivered, and remains what other nodes and resuming terminals go by. Nothing goes here before
 * the commit is acknowledged, and nothing crosses the cluster or a codec: one Java object per node.
 */
public final class LocalCommits {
  private final NodeListeners<FeedBatch> listeners;

  private LocalCommits(NodeListeners<FeedBatch> listeners) {
    this.listeners = listeners;
  }

  /** The node's hand-over (per Vert.x instance). */
  public static LocalCommits of(Vertx vertx) {
    return new LocalCommits(NodeListeners.of(vertx, "commits"));
  }

  /** From now on {@code handler} gets every committed run, on {@code context}; the returned action ends that. */
  public Runnable listen(Context context, Consumer<FeedBatch> handler) {
    return listeners.listen(context, handler);
  }

  /**
   * A transaction's events, committed: {@code run.from()} is the position right before them. Call only
   * once the commit has succeeded; the run is shared, read-only, by every hub.
   */
  public void committed(FeedBatch run) {
    listeners.deliver(run);
  }
}
