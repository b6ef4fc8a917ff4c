package org.griddispatch.push;

import io.vertx.core.Future;
import org.griddispatch.auth.Actor;

/**
 * What a {@link Session} asks of the hub that accepted it, and all it may ask: the socket and the
 * hub know nothing else of each other. {@link SocketHub} answers on its event loop.
 */
interface Hub {
  /**
   * The topic {@code name} stands for when {@code actor} may follow it, null when not; fails when
   * there is no such topic.
   */
  Future<Topic> authorize(Actor actor, String name);

  /**
   * From now on the live events of the subscription's topic go to it; answers the position they
   * follow. {@link #catchUp} comes next, on the same turn of the event loop.
   */
  Cursor follow(Subscription subscription);

  /**
   * Brings a subscription from the client's cursor ({@code after}, null for none) to the live stream,
   * which follows {@code live}, replaying at most {@code replayLimit} events (null: all); {@code ack}
   * acknowledges the subscription first. Fails when the missed events cannot be read.
   */
  Future<Void> catchUp(Subscription subscription, Cursor after, Cursor live, Integer replayLimit, Replay.Acknowledgement ack);

  /**
   * The terminal has shown the ticket to its user: completes true when that was their first time (a
   * {@code seen} event), false when it was on record already; fails with the refusal (404 not visible).
   */
  Future<Boolean> seen(Actor actor, String ticketId);

  /** The subscription has ended: no more events for it. */
  void unfollow(Subscription subscription);

  /** The socket has closed. */
  void closed(Session session);
}
