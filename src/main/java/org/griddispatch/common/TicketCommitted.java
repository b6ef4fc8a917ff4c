package org.griddispatch.common;

import io.vertx.core.json.JsonObject;

/**
 * The body of {@link Addresses#PUSH_WAKE}: a ticket as its change committed (its events are in the
 * database). It wakes the cluster's feeder, which sends the ticket with those events instead of
 * reading it back.
 */
public record TicketCommitted(JsonObject ticket) {
  public JsonObject toJson() { return ticket; }

  /** Parses a wake-up; one from a node of an older version may carry a word instead of a ticket (ticket null). */
  public static TicketCommitted fromBody(Object body) {
    return new TicketCommitted(body instanceof JsonObject t ? t : null);
  }
}
