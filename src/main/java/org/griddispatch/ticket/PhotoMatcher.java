package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

import java.util.UUID;

/**
 * The open reports filed before a ticket, near it and of its category, that carry a photo of the same
 * picture as {@code hash}: their duplicate reasons ({@code samePhoto} true), best first. Owned here,
 * filled in by intake, which knows the open reports.
 */
public interface PhotoMatcher {
  Future<JsonArray> samePhoto(UUID ticketId, long hash);

  PhotoMatcher NONE = (ticketId, hash) -> Future.succeededFuture(new JsonArray());
}
