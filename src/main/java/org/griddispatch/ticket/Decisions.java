package org.griddispatch.ticket;

import io.vertx.core.json.JsonObject;

/** Where the decisions of named actions come from (the workflow's actions). */
@FunctionalInterface
public interface Decisions {
  /** The decision of {@code action} with its request {@code body}; an ApiError 404 for no such action, 400 for a bad body. */
  Decision decision(String action, JsonObject body);
}
