package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * The open reports filed before a ticket, near it and of its category, that carry a photo of the same
 * picture as {@code hash}: their duplicate reasons ({@code samePhoto} true), best first. Owned here,
 * filled in by intake, which knows the open reports.
 */
public interface PhotoMatcher {
  Future<JsonArray> samePhoto(UUID ticketId, long hash);

  /**
   * After the reports of the same picture ({@code matches}, as {@link #samePhoto} answered them) were
   * flagged on {@code ticket} and committed: what the links lead to (an incident formed or joined).
   * Answers the ticket as it now is.
   */
  default Future<JsonObject> linked(JsonObject ticket, JsonArray matches) {
    return Future.succeededFuture(ticket);
  }

  PhotoMatcher NONE = (ticketId, hash) -> Future.succeededFuture(new JsonArray());
}
