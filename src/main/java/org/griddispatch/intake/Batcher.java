package org.griddispatch.intake;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gathers work that arrives while earlier work is in the database and sends it together: at most
 * {@code maxInFlight} batches at a time, each of at most {@code maxBatch} items. At low load every
 * item goes at once, alone; under load one statement (and one commit) serves many. A batch that fails
 * is retried item by item, so one bad item never fails the others. Used on one verticle's context.
 *
 * @param <I> an item
 * @param <O> its answer; {@code run} answers a list in the order of its items
 */
final class Batcher<I, O> {
  private record Waiting<I, O>(I item, Promise<O> promise) {}

  private final Context context;
  private final int maxBatch;
  private final int maxInFlight;
  private final Function<List<I>, Future<List<O>>> run;
  private final ArrayDeque<Waiting<I, O>> waiting = new ArrayDeque<>();
  private int inFlight;

  Batcher(Context context, int maxBatch, int maxInFlight, Function<List<I>, Future<List<O>>> run) {
    this.context = context;
    this.maxBatch = maxBatch;
    this.maxInFlight = maxInFlight;
    this.run = run;
  }

  Future<O> submit(I item) {
    Promise<O> promise = Promise.promise();
    waiting.add(new Waiting<>(item, promise));
    drain();
    return promise.future();
  }

  private void drain() {
    while (inFlight < maxInFlight && !waiting.isEmpty()) {
      List<Waiting<I, O>> batch = new ArrayList<>();
      while (batch.size() < maxBatch && !waiting.isEmpty()) batch.add(waiting.poll());
      send(batch);
    }
  }

  private void send(List<Waiting<I, O>> batch) {
    inFlight++;
    run.apply(batch.stream().map(Waiting::item).toList()).onComplete(ar -> context.runOnContext(v -> {
      inFlight--;
      if (ar.succeeded()) {
        for (int i = 0; i < batch.size(); i++) batch.get(i).promise().complete(ar.result().get(i));
      } else if (batch.size() == 1) {
        batch.get(0).promise().fail(ar.cause());
      } else {
        // one of them broke the batch: each goes again alone, ahead of newer arrivals
        for (Waiting<I, O> w : batch) send(List.of(w));
      }
      drain();
    }));
  }
}
