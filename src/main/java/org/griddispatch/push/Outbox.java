package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * What has been written to one socket and not yet gone out to the network, kept under a bound: a
 * terminal that cannot keep up is cut off (it can resume) rather than allowed to grow the heap. It
 * also tells when most of it has gone, so a replay goes at the client's pace.
 */
final class Outbox {
  private final ServerWebSocket ws;
  private final int maxPending;
  private int pending;
  private Promise<Void> drained;

  Outbox(ServerWebSocket ws, int maxPending) {
    this.ws = ws;
    this.maxPending = maxPending;
  }

  /** Writes the frame; false, writing nothing, when the bound is reached. */
  boolean write(JsonObject frame) {
    if (pending >= maxPending) return false;
    pending++;
    ws.writeTextMessage(frame.encode()).onComplete(ar -> {
      pending--;
      if (drained != null && pending <= maxPending / 4) {
        Promise<Void> p = drained;
        drained = null;
        p.tryComplete();
      }
    });
    return true;
  }

  /** Completes once at most a quarter of the bound is still waiting. */
  Future<Void> drained() {
    if (pending <= maxPending / 4) return Future.succeededFuture();
    if (drained == null) drained = Promise.promise();
    return drained.future();
  }

  /** Lets whoever waits for the drain go on: the socket has closed. */
  void release() {
    if (drained != null) drained.tryComplete();
  }
}
