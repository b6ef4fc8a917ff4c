package org.griddispatch.push;

import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * One socket's following of one topic. It passes the topic's events on to its socket in stream order
 * and never one at or before the last it passed, so an event that reaches it twice (replayed and live,
 * or from before the client's cursor) goes out once. While a {@link Replay} catches it up, the live
 * events wait in the replay.
 */
final class Subscription {
  private final Topic topic;
  private final Session session;
  /** The last event passed on, or the position the stream continues after; null before either. */
  private Cursor last;
  /** The replay that caught, or is catching, this subscription up; null when there was none. */
  private Replay replay;
  /** Unsubscribed, replaced by a new subscription of its topic, or its socket closed. */
  private boolean ended;

  Subscription(Topic topic, Session session) {
    this.topic = topic;
    this.session = session;
  }

  Topic topic() { return topic; }

  Session session() { return session; }

  /** A live event of the topic: held while a replay runs, else passed on. */
  void offer(JsonObject event, JsonObject ticket, Map<Object, String> frames) {
    if (replay != null && !replay.isHandedOver()) replay.hold(event, ticket);
    else pass(event, ticket, frames, null);
  }

  /** Passes an event on to the socket, unless it is at or before the last one; {@code frames} and {@code views} as {@link Session#sendEvent}. */
  void pass(JsonObject event, JsonObject ticket, Map<Object, String> frames, Map<JsonObject, String> views) {
    if (ended) return;
    Cursor c = Cursor.parse(event.getString("cursor"));
    if (last != null && !c.after(last)) return;
    last = c;
    session.sendEvent(this, event, ticket, frames, views);
  }

  /** Nothing at or before {@code position} is passed on from now on. */
  void continueAfter(Cursor position) {
    if (last == null || position.after(last)) last = position;
  }

  void catchUpWith(Replay replay) { this.replay = replay; }

  /**
   * Nothing more goes out for this subscription, not even what a replay still reading would send: a
   * client that subscribes again to the topic while the first is counted or replayed hears only the
   * second.
   */
  void end() { ended = true; }

  boolean isEnded() { return ended; }
}
