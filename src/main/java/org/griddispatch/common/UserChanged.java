package org.griddispatch.common;

import io.vertx.core.json.JsonObject;

/**
 * The body of {@link Addresses#USERS_CHANGED}: an account changed (signed out, deactivated, a new
 * password, role, grids, department or duty). Every node forgets what it believed of the user's tokens
 * and closes the sockets whose sign-in has ended.
 */
public record UserChanged(String userId) {
  public JsonObject toJson() { return new JsonObject().put("userId", userId); }

  public static UserChanged fromJson(JsonObject body) { return new UserChanged(body.getString("userId")); }
}
