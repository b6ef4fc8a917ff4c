package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.griddispatch.common.FeedBatch;
import org.griddispatch.common.FeedTap;
import org.griddispatch.common.LocalCommits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This node's copy of the feeder's stream: takes the {@link FeedBatch}es off the clustered bus (through
 * the node's {@link FeedTap}), one after another, and hands each event, once and in stream order, to
 * the subscriptions of its topics.
 * A batch already delivered (a new feeder repeating itself) is dropped; one that starts past this
 * node's position (the node started late, or the feeder changed) is preceded by the gap, read from
 * the database. What this node's own writers commit comes straight from them too ({@link LocalCommits}),
 * ahead of the stream, when it continues the stream exactly. When the feeder has not been heard for
 * {@code push.feedSilenceMillis} (its beats included), this node is cut off from it (a network split
 * between the cluster's members, or no leader yet): it reads the stream from the database itself every
 * {@code push.feedPollMillis} until the feeder is heard again, so its sockets keep receiving every
 * event, once and in order. Used on its hub's event loop only.
 */
final class LiveStream {
  private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
  private static final int GAP_PAGE = 500;

  private final Vertx vertx;
  private final Pool pool;
  private final Map<String, Set<Subscription>> byEventTopic = new HashMap<>();
  /** The last stream position delivered here. */
  private Cursor position;
  /** Batches are handled one after another, even when one has to fill a gap from the database. */
  private Future<Void> chain = Future.succeededFuture();
  /** Runs committed on this node that do not continue the stream yet (see {@link LocalCommits}). */
  private final List<FeedBatch> early = new java.util.ArrayList<>();
  private static final int MAX_EARLY = 256;
  private Runnable stopListening;
  private Runnable stopTap;
  private final long silenceNanos;
  private final long pollMillis;
  /** When the feeder was last heard (a batch or a beat). */
  private long heardAt = System.nanoTime();
  /** Whether this node reads the stream itself, the feeder being silent. */
  private boolean readingItself;
  private boolean ownReadRunning;
  private long pollTimer;

  LiveStream(Vertx vertx, Pool pool, JsonObject config) {
    this.vertx = vertx;
    this.pool = pool;
    JsonObject push = config.getJsonObject("push", new JsonObject());
    this.silenceNanos = push.getLong("feedSilenceMillis", 3000L) * 1_000_000L;
    this.pollMillis = push.getLong("feedPollMillis", 100L);
  }

  /** Listens to the feeder and to this node's writers, and starts from the end of the stream as it stands. */
  Future<Void> start() {
    stopTap = FeedTap.of(vertx).listen(vertx.getOrCreateContext(), this::onBatch);
    return EventReader.stableEnd(pool).onSuccess(p -> {
      position = p;
      stopListening = LocalCommits.of(vertx).listen(vertx.getOrCreateContext(), this::onCommitted);
      heardAt = System.nanoTime();
      pollTimer = vertx.setPeriodic(pollMillis, t -> readIfSilent());
    }).mapEmpty();
  }

  void stop() {
    if (stopTap != null) stopTap.run();
    if (stopListening != null) stopListening.run();
    vertx.cancelTimer(pollTimer);
  }

  /** Whether this node is reading the stream itself (for readiness and tests). */
  boolean readingItself() { return readingItself; }

  /**
   * A transaction this node's writer has just committed, with the position right before it: delivered
   * now when it continues this node's stream, held while the stream has not reached its start yet,
   * dropped once the stream has brought it (or when too many wait: the stream will).
   */
  private void onCommitted(FeedBatch run) {
    early.add(run);
    if (early.size() > MAX_EARLY) early.remove(0);
    deliverEarly();
  }

  /** Delivers what was committed here and now continues the stream; only between batches of the stream. */
  private void deliverEarly() {
    if (!chain.isComplete() || early.isEmpty()) return;
    boolean delivered;
    do {
      delivered = false;
      for (java.util.Iterator<FeedBatch> it = early.iterator(); it.hasNext(); ) {
        FeedBatch run = it.next();
        Cursor from = Cursor.parse(run.from());
        if (!Cursor.parse(run.to()).after(position)) {
          it.remove(); // the stream brought it already
        } else if (!from.after(position)) {
          // nothing can lie between its start and this node's position: what is past the position comes next
          it.remove();
          dispatch(new EventReader.Batch(run.events(), run.tickets(), Cursor.parse(run.to())));
          delivered = true;
        }
      }
    } while (delivered);
  }

  /** Reads the stream from the database when the feeder has been silent too long. */
  private void readIfSilent() {
    if (System.nanoTime() - heardAt < silenceNanos) {
      if (readingItself) {
        readingItself = false;
        log.info("The feeder is heard again; this node follows it");
      }
      return;
    }
    if (!readingItself) {
      readingItself = true;
      log.warn("No word from the feeder for {} ms: this node reads the event stream from the database itself until it hears it again",
          silenceNanos / 1_000_000L);
    }
    if (ownReadRunning) return;
    ownReadRunning = true;
    chain = chain.compose(v -> EventReader.stableEnd(pool).compose(end -> end.after(position) ? fill(end) : Future.<Void>succeededFuture()))
        .otherwise(e -> {
          log.warn("Could not read the event stream: {}", e.toString());
          return null;
        })
        .onComplete(v -> { ownReadRunning = false; deliverEarly(); });
  }

  /** From now on the events of the subscription's topic go to it; answers the position they follow. */
  Cursor follow(Subscription subscription) {
    byEventTopic.computeIfAbsent(subscription.topic().eventTopic(), k -> new HashSet<>()).add(subscription);
    return position;
  }

  void unfollow(Subscription subscription) {
    String eventTopic = subscription.topic().eventTopic();
    Set<Subscription> followers = byEventTopic.get(eventTopic);
    if (followers != null && followers.remove(subscription) && followers.isEmpty()) byEventTopic.remove(eventTopic);
  }

  private void onBatch(FeedBatch batch) {
    heardAt = System.nanoTime();
    chain = chain.compose(v -> deliver(batch)).otherwise(e -> {
      log.warn("Could not deliver a batch of events: {}", e.toString());
      return null;
    });
    chain.onComplete(ar -> deliverEarly());
  }

  private Future<Void> deliver(FeedBatch batch) {
    Cursor from = Cursor.parse(batch.from());
    Cursor to = Cursor.parse(batch.to());
    if (!to.after(position)) return Future.succeededFuture(); // already delivered (a new feeder repeating itself)
    Future<Void> filled = from.after(position) ? fill(from) : Future.succeededFuture();
    return filled.map(v -> {
      dispatch(new EventReader.Batch(batch.events(), batch.tickets(), to));
      return null;
    });
  }

  /** This node missed part of the stream: reads it from the database, up to where the batch starts. */
  private Future<Void> fill(Cursor upTo) {
    return EventReader.range(pool, null, position, upTo, GAP_PAGE).compose(batch -> {
      dispatch(batch);
      if (batch.events().size() < GAP_PAGE) {
        if (upTo.after(position)) position = upTo;
        return Future.succeededFuture();
      }
      return fill(upTo);
    });
  }

  private void dispatch(EventReader.Batch batch) {
    for (Object o : batch.events()) {
      JsonObject event = (JsonObject) o;
      Cursor c = Cursor.parse(event.getString("cursor"));
      if (!c.after(position)) continue;
      JsonObject ticket = batch.ticketOf(event);
      Map<Object, String> frames = new HashMap<>(); // each frame rendered once per topic and viewer
      for (Object t : event.getJsonArray("topics")) {
        Set<Subscription> followers = byEventTopic.get((String) t);
        if (followers != null) for (Subscription s : List.copyOf(followers)) s.offer(event, ticket, frames);
      }
      position = c;
    }
  }
}
