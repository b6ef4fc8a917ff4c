package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a new subscription from the client's cursor to the live stream. The events the client missed
 * are read out of the database a page at a time, each page once the socket has written most of the
 * last, so a long replay never counts as a slow reader; the live events that arrive meanwhile are held
 * and passed on after them. With the subscription passing nothing at or before its last event, the
 * hand-over loses nothing and sends nothing twice.
 */
final class Replay {
  private final Subscription subscription;
  private final Pool pool;
  private final int page;
  private final List<HeldEvent> held = new ArrayList<>();
  private boolean handedOver;

  private record HeldEvent(JsonObject event, JsonObject ticket) {}

  private Replay(Subscription subscription, Pool pool, int page) {
    this.subscription = subscription;
    this.pool = pool;
    this.page = page;
  }

  /** What the client is told before any event of the topic: where its stream continues, and whether it must reload instead. */
  interface Acknowledgement {
    void send(Cursor cursor, boolean reload);
  }

  /**
   * Starts {@code subscription} after the client's cursor ({@code after}, null for none), the live
   * stream now continuing after {@code live}: replays (after, live] first when the cursor is behind it.
   * With a {@code replayLimit} (null for none) and more missed events than that, nothing is replayed:
   * the client is told to reload what it shows and follows from {@code live} (a terminal a day behind
   * is current sooner from one listing than from thousands of frames). {@code ack} is called once,
   * before any event goes out. Fails when the database does; the live events then stay held.
   */
  static Future<Void> start(Subscription subscription, Cursor after, Cursor live, Integer replayLimit, Pool pool, int page,
      Acknowledgement ack) {
    if (after == null || !live.after(after)) {
      Cursor from = after == null ? live : after;
      subscription.continueAfter(from);
      ack.send(from, false);
      return Future.succeededFuture();
    }
    Replay replay = new Replay(subscription, pool, page);
    subscription.catchUpWith(replay);
    Future<Boolean> tooFarBehind = replayLimit == null ? Future.succeededFuture(false)
        : EventReader.countRange(pool, subscription.topic().eventTopic(), after, live, replayLimit + 1).map(n -> n > replayLimit);
    return tooFarBehind.compose(reload -> {
      if (subscription.isEnded()) return Future.succeededFuture(); // subscribed again, or unsubscribed, meanwhile
      if (reload) {
        subscription.continueAfter(live);
        ack.send(live, true);
        return Future.succeededFuture();
      }
      ack.send(after, false);
      return replay.pages(after, live);
    }).onSuccess(v -> replay.handOver());
  }

  boolean isHandedOver() { return handedOver; }

  void hold(JsonObject event, JsonObject ticket) { held.add(new HeldEvent(event, ticket)); }

  private Future<Void> pages(Cursor after, Cursor upTo) {
    return pages(read(after, upTo), upTo);
  }

  private Future<EventReader.Batch> read(Cursor after, Cursor upTo) {
    return EventReader.range(pool, subscription.topic().eventTopic(), after, upTo, page);
  }

  /**
   * Writes the page being read, while the next is read from the database: a long replay waits for
   * the socket and the database together, not one after the other.
   */
  private Future<Void> pages(Future<EventReader.Batch> reading, Cursor upTo) {
    Session session = subscription.session();
    return reading.compose(batch -> {
      if (session.isClosed() || subscription.isEnded()) return Future.succeededFuture();
      boolean last = batch.events().size() < page;
      Future<EventReader.Batch> next = last ? null : read(batch.last(), upTo);
      // a ticket with several events in the page is rendered for the socket's user once
      Map<JsonObject, String> views = new IdentityHashMap<>();
      for (Object o : batch.events()) {
        JsonObject event = (JsonObject) o;
        subscription.pass(event, batch.ticketOf(event), null, views);
      }
      if (last) {
        subscription.continueAfter(upTo);
        return Future.succeededFuture();
      }
      return session.drained().compose(v -> pages(next, upTo));
    });
  }

  private void handOver() {
    handedOver = true;
    for (HeldEvent e : held) subscription.pass(e.event(), e.ticket(), null, null);
    held.clear();
  }
}
