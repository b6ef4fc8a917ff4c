package org.griddispatch.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Json;

import java.util.List;

/** The signed-in user a request acts for, as carried in the JWT and across the event bus. */
public record Actor(String id, Role role, String name, List<String> gridIds, String deptId) {
  public static final String CONTEXT_KEY = "actor";

  /** The user the request was authenticated as; 401 when it was not. */
  public static Actor of(io.vertx.ext.web.RoutingContext ctx) {
    Actor actor = ctx.get(CONTEXT_KEY);
    if (actor == null) throw org.griddispatch.common.ApiError.unauthorized("Sign in first");
    return actor;
  }

  public boolean has(Role r) { return role == r; }

  public boolean worksIn(String gridId) { return gridId != null && gridIds.contains(gridId); }

  public JsonObject toJson() {
    return new JsonObject().put("id", id).put("role", role.wire()).put("name", name)
        .put("gridIds", new JsonArray(List.copyOf(gridIds))).put("deptId", deptId);
  }

  /** The short form stored in a timeline event. */
  public JsonObject toEventActor() {
    return new JsonObject().put("id", id).put("role", role.wire()).put("name", name);
  }

  public static Actor fromJson(JsonObject json) {
    return new Actor(json.getString("id"), Role.parse(json.getString("role")).orElseThrow(), json.getString("name"),
        Json.strings(json.getJsonArray("gridIds")), json.getString("deptId"));
  }
}
