package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.Change;
import org.griddispatch.ticket.TicketRecord;
import org.griddispatch.ticket.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** 去重: the centre merges a duplicate into an open ticket, or keeps a flagged report as its own; intake's merges follow the same way. */
final class MergeActions {
  private MergeActions() {}

  /** The centre marks this ticket a duplicate of another open one; its reporter follows the other. */
  static Action merge() {
    return new NamedAction("merge") {
      public JsonObject read(Fields f) { return new JsonObject().put("intoId", f.string("intoId", true, 64)); }
      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        UUID into;
        try {
          into = UUID.fromString(in.getString("intoId"));
        } catch (IllegalArgumentException e) {
          return Future.failedFuture(ApiError.invalid(new JsonObject().put("intoId", "not a ticket id")));
        }
        if (into.toString().equals(t.getString("id"))) {
          return Future.failedFuture(ApiError.invalid(new JsonObject().put("intoId", "a ticket cannot merge into itself")));
        }
        return conn.preparedQuery("SELECT " + TicketRecord.COLUMNS + " FROM tickets WHERE id = $1 FOR UPDATE").execute(Tuple.of(into))
            .map(rows -> {
              if (rows.size() == 0) throw ApiError.invalid(new JsonObject().put("intoId", "no such ticket"));
              JsonObject target = TicketRecord.fromRow(rows.iterator().next());
              if (!Vocabulary.OPEN.contains(target.getString("status"))) {
                throw ApiError.conflict("invalid_transition", "Merge only into a ticket still being handled");
              }
              return in.put("into", target);
            });
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return mergeInto(t, in.getJsonObject("into"), "merged by the centre");
      }
    };
  }

  /** This ticket folds into {@code into}: its reporters follow it, and both timelines say so. */
  static Change mergeInto(JsonObject t, JsonObject into, String reason) {
    List<String> followers = new ArrayList<>(Json.strings(t.getJsonArray("followerIds")));
    if (t.getString("reporterId") != null) followers.add(0, t.getString("reporterId"));
    return Change.to("merged", "merged", new JsonObject().put("intoId", into.getString("id"))
            .put("intoNumber", into.getString("number")).put("reason", reason))
        .set("duplicate_of", UUID.fromString(into.getString("id")))
        .set("duplicate_candidates", new UUID[0])
        .set("duplicate_reasons", new JsonArray())
        .handOff()
        .alsoOn(UUID.fromString(into.getString("id")), followed(followers, t.getString("id"), t.getString("number"), reason));
  }

  /** The original hears of a duplicate folded into it, and the duplicate's reporters follow it from now on. */
  static Change followed(List<String> reporters, String duplicateId, String duplicateNumber, String reason) {
    return Change.to(null, "duplicate_merged", new JsonObject().put("ticketId", duplicateId).put("number", duplicateNumber)
            .put("reason", reason))
        .setExpression("follower_ids", "ARRAY(SELECT DISTINCT unnest(follower_ids || ?::text[]))", reporters.toArray(String[]::new));
  }

  /** A report merged on arrival (intake's duplicate detection): the original follows it, as after a merge. */
  static Action follow() {
    return new NamedAction("follow") {
      public JsonObject read(Fields f) {
        // no ticketId nor number: a resident who said "the same problem" before filing anything
        return new JsonObject().put("ticketId", f.string("ticketId", false, 64)).put("number", f.string("number", false, 64))
            .put("reporterIds", new JsonArray(f.strings("reporterIds", false, 10, 64))).put("reason", f.string("reason", true, 500));
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return followed(Json.strings(in.getJsonArray("reporterIds")), in.getString("ticketId"), in.getString("number"),
            in.getString("reason"));
      }
    };
  }

  /** The centre keeps a flagged report as a ticket of its own. */
  static Action keep() {
    return new NamedAction("keep") {
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return t.getJsonArray("duplicateCandidates").isEmpty() ? "This ticket is not flagged as a possible duplicate" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "duplicates_dismissed", new JsonObject().put("candidates", t.getJsonArray("duplicateCandidates")))
            .set("duplicate_candidates", new UUID[0]).set("duplicate_reasons", new JsonArray());
      }
    };
  }
}
