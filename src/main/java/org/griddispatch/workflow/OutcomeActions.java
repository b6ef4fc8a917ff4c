package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.Change;

import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

import static org.griddispatch.workflow.TicketFacts.time;

/** The resident's say and the end: rating, reopening, closing. */
final class OutcomeActions {
  private OutcomeActions() {}

  /**
   * 好评/中评/差评 by each reporter once per resolution, or by the integration that filed the ticket for
   * its caller (the 12345 system's own 回访). A bad rating within the reopen window sends a resolved
   * ticket back to its handler.
   */
  static Action rate() {
    return new NamedAction("rate") {
      public JsonObject read(Fields f) { return readRating(f, true); }
      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        return ratedBefore(conn, t, rater(a), in);
      }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return alreadyRated(t, in) ? a.has(Role.RESIDENT) ? "You have already rated this ticket" : "The caller has already rated this ticket"
            : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return rating(a, t, in, ctx, a.has(Role.INTEGRATION) ? "integration" : "resident", "rated", null);
      }
    };
  }

  /**
   * The rater a rating belongs to: a resident rates as themselves; the caller of a ticket with no
   * resident account is one rater however their rating reaches us (the centre's visit, the
   * integration that filed it).
   */
  static final String CALLER = "caller";

  static String rater(Actor a) { return a.has(Role.RESIDENT) ? a.id() : CALLER; }

  static JsonObject readRating(Fields f, boolean required) {
    return new JsonObject().put("rating", f.oneOf("rating", required, Set.of("good", "neutral", "bad")))
        .put("comment", f.string("comment", false, 500));
  }

  /** Adds {@code ratedBefore} to the input: when this rater last rated the ticket. */
  static Future<JsonObject> ratedBefore(SqlConnection conn, JsonObject t, String rater, JsonObject in) {
    return conn.preparedQuery("SELECT rated_at FROM ticket_ratings WHERE ticket_id = $1 AND rater = $2")
        .execute(Tuple.of(UUID.fromString(t.getString("id")), rater))
        .map(rows -> rows.size() == 0 ? in : in.put("ratedBefore", Json.time(rows.iterator().next().getOffsetDateTime(0))));
  }

  /** One rating per rater per resolution. */
  static boolean alreadyRated(JsonObject t, JsonObject in) {
    OffsetDateTime before = time(in.getString("ratedBefore"));
    OffsetDateTime resolved = time(t.getString("resolvedAt"));
    return before != null && (resolved == null || !before.isBefore(resolved));
  }

  /**
   * A rating recorded, after a first event of its own ({@code leadEvent}, e.g. a visit) or as
   * {@code rated} alone: the rater's row (a new rating clears any review of the one before), the
   * ticket's own rating when it is its reporter's or its caller's, and a reopen for a bad rating of a
   * resolved ticket within the reopen window.
   */
  static Change rating(Actor a, JsonObject t, JsonObject in, Action.Context ctx, String source, String leadEvent, JsonObject leadData) {
    String rating = in.getString("rating");
    String rater = rater(a);
    JsonObject data = new JsonObject().put("rating", rating).put("comment", in.getString("comment"));
    if (!"resident".equals(source)) data.put("source", source);
    boolean reopens = "bad".equals(rating) && "resolved".equals(t.getString("status")) && withinReopenWindow(t, ctx);
    Change c = Change.to(reopens ? "reopened" : null, leadEvent, "rated".equals(leadEvent) ? data : leadData);
    if (!"rated".equals(leadEvent)) c.and("rated", data);
    if (reopens) {
      c.and("reopened", new JsonObject().put("reason", "bad rating").put("comment", in.getString("comment")))
          .set("reopen_count", t.getInteger("reopenCount") + 1).set("resolved_at", null).set("resolve_by", ctx.newResolveBy(t))
          .handOff();
    }
    c.before("INSERT INTO ticket_ratings (ticket_id, user_id, rating, comment, rated_at, rater, source) VALUES ($1, $2, $3, $4, $5, $6, $7)"
            + " ON CONFLICT (ticket_id, rater) DO UPDATE SET user_id = excluded.user_id, rating = excluded.rating,"
            + " comment = excluded.comment, rated_at = excluded.rated_at, source = excluded.source,"
            + " review = NULL, review_reason = NULL, reviewed_by = NULL, reviewed_at = NULL",
        Tuple.of(UUID.fromString(t.getString("id")), a.id(), rating, in.getString("comment"), ctx.now(), rater).addValue(source));
    if (rater.equals(t.getString("reporterId")) || CALLER.equals(rater) && t.getString("reporterId") == null) {
      c.set("rating", rating).set("rating_comment", in.getString("comment")).set("rated_at", ctx.now())
          .set("rating_review", null).set("rating_review_reason", null);
    }
    return c;
  }

  static boolean withinReopenWindow(JsonObject t, Action.Context ctx) {
    OffsetDateTime resolved = time(t.getString("resolvedAt"));
    return resolved != null && !ctx.now().isAfter(resolved.plusDays(ctx.reopenDays()));
  }

  /** The reporter sends a resolved ticket back to its handler, within the reopen window. */
  static Action reopen() {
    return new NamedAction("reopen") {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return withinReopenWindow(t, ctx) ? null : "The reopen window of " + ctx.reopenDays() + " days has passed";
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to("reopened", "reopened", in.copy()).set("reopen_count", t.getInteger("reopenCount") + 1)
            .set("resolved_at", null).set("closed_at", null).set("resolve_by", ctx.newResolveBy(t)).handOff();
      }
    };
  }

  /** The centre closes a resolved ticket; the server does the same when the rating window ends ({@link DeadlineActions#step}). */
  static Action close() {
    return new NamedAction("close") {
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) { return closing(new JsonObject(), ctx); }
    };
  }

  static Change closing(JsonObject data, Action.Context ctx) {
    return Change.to("closed", "closed", data).set("closed_at", ctx.now());
  }
}
