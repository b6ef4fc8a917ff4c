package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
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
   * 好评/中评/差评 by each reporter once per resolution. A bad rating within the reopen window sends a
   * resolved ticket back to its handler.
   */
  static Action rate() {
    return new NamedAction("rate") {
      public JsonObject read(Fields f) {
        return new JsonObject().put("rating", f.oneOf("rating", true, Set.of("good", "neutral", "bad")))
            .put("comment", f.string("comment", false, 500));
      }
      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        return conn.preparedQuery("SELECT rated_at FROM ticket_ratings WHERE ticket_id = $1 AND user_id = $2")
            .execute(Tuple.of(UUID.fromString(t.getString("id")), a.id()))
            .map(rows -> rows.size() == 0 ? in : in.put("ratedBefore", Json.time(rows.iterator().next().getOffsetDateTime(0))));
      }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        OffsetDateTime before = time(in.getString("ratedBefore"));
        OffsetDateTime resolved = time(t.getString("resolvedAt"));
        return before != null && (resolved == null || !before.isBefore(resolved)) ? "You have already rated this ticket" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        String rating = in.getString("rating");
        JsonObject data = new JsonObject().put("rating", rating).put("comment", in.getString("comment"));
        boolean reopens = "bad".equals(rating) && "resolved".equals(t.getString("status")) && withinReopenWindow(t, ctx);
        Change c = reopens
            ? Change.to("reopened", "rated", data).and("reopened", new JsonObject().put("reason", "bad rating")
                .put("comment", in.getString("comment"))).set("reopen_count", t.getInteger("reopenCount") + 1)
                .set("resolved_at", null).set("resolve_by", ctx.newResolveBy(t)).handOff()
            : Change.to(null, "rated", data);
        c.before("INSERT INTO ticket_ratings (ticket_id, user_id, rating, comment, rated_at) VALUES ($1, $2, $3, $4, $5)"
                + " ON CONFLICT (ticket_id, user_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment,"
                + " rated_at = excluded.rated_at",
            Tuple.of(UUID.fromString(t.getString("id")), a.id(), rating, in.getString("comment"), ctx.now()));
        if (a.id().equals(t.getString("reporterId"))) {
          c.set("rating", rating).set("rating_comment", in.getString("comment")).set("rated_at", ctx.now());
        }
        return c;
      }
    };
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
