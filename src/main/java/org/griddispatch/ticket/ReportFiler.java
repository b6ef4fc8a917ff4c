package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;

/** Files a new report as a ticket: the intake, called on the caller's own event loop. */
@FunctionalInterface
public interface ReportFiler {
  /** Answers {created, ticket}: false and the ticket already filed for a retry. {@code idempotencyKey} may be null. */
  Future<JsonObject> file(Actor actor, JsonObject body, String idempotencyKey);

  /**
   * A resident follows an open report near them ({@code {number, category, location}}) instead of
   * filing one of their own; answers that ticket's record. Only where the filer offers it.
   */
  default Future<JsonObject> follow(Actor actor, JsonObject body) {
    return Future.failedFuture(org.griddispatch.common.ApiError.notFound("Route"));
  }
}
