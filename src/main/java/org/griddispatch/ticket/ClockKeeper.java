package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;

import java.time.OffsetDateTime;
import java.util.List;

/** Keeps a ticket's clocks (the deadlines table) in step with the ticket, in the transaction that changed it. */
public interface ClockKeeper {
  /**
   * Moves each fired step's clock on to its next step, then makes the ticket's clocks what its state
   * asks for; answers the ticket with the escalation its clocks leave it.
   */
  Future<JsonObject> sync(SqlConnection conn, JsonObject ticket, List<Change.FiredStep> fired, OffsetDateTime now);
}
