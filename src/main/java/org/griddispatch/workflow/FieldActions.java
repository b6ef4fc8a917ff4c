package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.Change;

/** What a terminal in the field tells about a ticket: that its user has seen it. */
final class FieldActions {
  private FieldActions() {}

  /** The refusal of a {@code seen} that adds nothing: this user's first time is on the timeline already. */
  static final String ALREADY_SEEN = "already_seen";

  /**
   * The terminal has shown the ticket to its user. Each user's first time becomes a {@code seen} event;
   * the assignee's also stops the ticket's seen clock (its unseen alert). The ticket's version stays.
   */
  static Action seen() {
    return new NamedAction("seen") {
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        boolean first = t.getJsonArray("seenBy", new io.vertx.core.json.JsonArray()).stream()
            .noneMatch(s -> a.id().equals(((JsonObject) s).getString("userId")));
        boolean assignee = a.id().equals(t.getString("assigneeId")) && t.getValue("assigneeSeenAt") == null;
        if (!first && !assignee) throw ApiError.conflict(ALREADY_SEEN, "You have seen this ticket already");
        Change change = first ? Change.timelineOnly("seen", new JsonObject().put("status", t.getString("status"))
            .put("assignee", a.id().equals(t.getString("assigneeId")))) : Change.columnsOnly();
        if (first) {
          change.setExpression("seen_by", "seen_by || ?", new io.vertx.core.json.JsonArray().add(new JsonObject()
              .put("userId", a.id()).put("name", a.name()).put("role", a.role().wire()).put("at", Json.time(ctx.now()))));
        }
        if (assignee) change.set("assignee_seen_at", ctx.now());
        return change;
      }
    };
  }
}
