package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayDeque;

/**
 * What has been sent to one socket and not yet gone out to the network, kept under a bound: a
 * terminal that cannot keep up is cut off (it can resume) rather than allowed to grow the heap.
 * Frames wait here, not in the socket's own buffer, which is handed only what it can take at once:
 * cutting a client off then frees them at once, and its close frame is not stuck behind them. It
 * also tells when most of it has gone, so a replay goes at the client's pace.
 */
final class Outbox {
  private final ServerWebSocket ws;
  private final int maxPending;
  private final ArrayDeque<String> waiting = new ArrayDeque<>();
  /** Handed to the socket, not yet written to the network. */
  private int writing;
  private Promise<Void> drained;

  Outbox(ServerWebSocket ws, int maxPending) {
    this.ws = ws;
    this.maxPending = maxPending;
    ws.drainHandler(v -> flush());
  }

  /** Queues the frame; false, queueing nothing, when the bound is reached. */
  boolean write(String frame) {
    if (pending() >= maxPending) return false;
    waiting.add(frame);
    flush();
    return true;
  }

  private int pending() { return waiting.size() + writing; }

  /** Hands the socket what it can take now; the rest goes when it drains. */
  private void flush() {
    while (!waiting.isEmpty() && !ws.isClosed() && !ws.writeQueueFull()) {
      writing++;
      ws.writeTextMessage(waiting.poll()).onComplete(ar -> {
        writing--;
        if (drained != null && pending() <= maxPending / 4) {
          Promise<Void> p = drained;
          drained = null;
          p.tryComplete();
        }
      });
    }
  }

  /** Completes once at most a quarter of the bound is still waiting. */
  Future<Void> drained() {
    if (pending() <= maxPending / 4) return Future.succeededFuture();
    if (drained == null) drained = Promise.promise();
    return drained.future();
  }

  /** The socket is closing: drops what was never handed to it, and lets whoever waits for the drain go on. */
  void release() {
    waiting.clear();
    if (drained != null) drained.tryComplete();
  }
}
