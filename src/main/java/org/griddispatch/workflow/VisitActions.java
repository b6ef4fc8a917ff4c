package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Fields;
import org.griddispatch.auth.Actor;
import org.griddispatch.ticket.Change;

import java.util.Set;
import java.util.UUID;

/**
 * After the work: the centre's return visit (回访) to a caller with no resident account, and the
 * supervisor's review of a bad rating (差评复核), which may set it aside as unreasonable or, upheld,
 * send the ticket back to be redone (退回重办).
 */
final class VisitActions {
  private VisitActions() {}

  /** Channels whose tickets have a caller to visit; a worker's own patrol report has none. */
  static final String NO_CALLER_CHANNEL = "patrol";

  /**
   * 回访: the centre called the caller of a ticket filed without a resident account (hotline, window,
   * Open311). Reached or not; when reached, their rating (optional) is recorded as a resident's
   * would be, once per resolution, and a bad one within the reopen window reopens a resolved ticket.
   */
  static Action visit() {
    return new NamedAction("visit") {
      public JsonObject read(Fields f) {
        Boolean reached = f.bool(f.body(), "reached", "reached");
        if (reached == null && !f.hasError("reached")) f.error("reached", "required");
        JsonObject in = OutcomeActions.readRating(f, false).put("reached", reached);
        if (Boolean.FALSE.equals(reached) && in.getString("rating") != null) f.error("rating", "only when the caller was reached");
        return in;
      }
      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        return in.getString("rating") == null ? Future.succeededFuture(in) : OutcomeActions.ratedBefore(conn, t, OutcomeActions.CALLER, in);
      }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (t.getString("reporterId") != null) return "The reporter has a resident account and rates in the app";
        if (NO_CALLER_CHANNEL.equals(t.getString("channel"))) return "A patrol report has no caller to visit";
        return in.getString("rating") != null && OutcomeActions.alreadyRated(t, in) ? "The caller has already rated this ticket" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        boolean reached = in.getBoolean("reached");
        JsonObject data = new JsonObject().put("reached", reached).put("rating", in.getString("rating"))
            .put("comment", in.getString("comment"));
        Change c = in.getString("rating") != null ? OutcomeActions.rating(a, t, in, ctx, "visit", "visited", data)
            : Change.to(null, "visited", data);
        c.set("visit_attempts", t.getInteger("visitAttempts", 0) + 1);
        if (reached) c.set("visited_at", ctx.now());
        return c;
      }
    };
  }

  /**
   * 差评复核: a supervisor reviews the ticket's own bad rating (its reporter's or its caller's).
   * {@code unreasonable} leaves it out of the satisfaction rate (it stays counted as excluded);
   * {@code upheld} keeps it, and with {@code redo} sends a resolved or closed ticket back to its
   * handler, reopened with a fresh resolve-by. A new rating after the redo needs a review of its own.
   */
  static Action reviewRating() {
    return new NamedAction("review-rating") {
      public JsonObject read(Fields f) {
        JsonObject in = new JsonObject().put("verdict", f.oneOf("verdict", true, Set.of("upheld", "unreasonable")))
            .put("reason", f.string("reason", true, 500));
        Boolean redo = f.bool(f.body(), "redo", "redo");
        if (Boolean.TRUE.equals(redo) && "unreasonable".equals(in.getString("verdict"))) {
          f.error("redo", "only an upheld rating sends the ticket back");
        }
        return in.put("redo", Boolean.TRUE.equals(redo));
      }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject rating = t.getJsonObject("rating");
        if (rating == null || !"bad".equals(rating.getString("rating"))) return "The ticket has no bad rating to review";
        if (rating.getValue("review") != null) return "This rating has been reviewed already";
        if (in.getBoolean("redo") && !Set.of("resolved", "closed").contains(t.getString("status"))) {
          return "Only a resolved or closed ticket can be sent back to be redone";
        }
        return null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        String verdict = in.getString("verdict");
        JsonObject data = new JsonObject().put("verdict", verdict).put("reason", in.getString("reason"))
            .put("rating", t.getJsonObject("rating").getString("rating")).put("redo", in.getBoolean("redo"));
        Change c = in.getBoolean("redo")
            ? Change.to("reopened", "rating_reviewed", data).and("reopened", new JsonObject().put("reason", "redo")
                    .put("comment", in.getString("reason")))
                .set("reopen_count", t.getInteger("reopenCount") + 1).set("resolved_at", null).set("closed_at", null)
                .set("resolve_by", ctx.newResolveBy(t)).handOff()
            : Change.to(null, "rating_reviewed", data);
        String rater = t.getString("reporterId") != null ? t.getString("reporterId") : OutcomeActions.CALLER;
        return c.set("rating_review", verdict).set("rating_review_reason", in.getString("reason"))
            .before("UPDATE ticket_ratings SET review = $3, review_reason = $4, reviewed_by = $5, reviewed_at = $6"
                + " WHERE ticket_id = $1 AND rater = $2",
                Tuple.of(UUID.fromString(t.getString("id")), rater, verdict, in.getString("reason"), a.id(), ctx.now()));
      }
    };
  }
}
