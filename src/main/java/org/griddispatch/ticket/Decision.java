package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.griddispatch.auth.Actor;

import java.time.OffsetDateTime;

/**
 * One action on one ticket, its request already read. {@link TicketChanges} checks who and from which
 * state by the action's rule in {@link Vocabulary}, then lets it look up what it needs and decide.
 */
public interface Decision {
  /** The action's name, whose rule in {@link Vocabulary} says who may take it and from which states. */
  String action();

  /** Looks up what the change needs, inside the transaction (a worker to route to, a ticket to merge into). */
  default Future<Void> prepare(SqlConnection conn, Actor actor, JsonObject ticket, OffsetDateTime now) {
    return Future.succeededFuture();
  }

  /** What changes: a function of the ticket, the actor, the request and the time; throws an ApiError to refuse. */
  Change decide(Actor actor, JsonObject ticket, OffsetDateTime now);
}
