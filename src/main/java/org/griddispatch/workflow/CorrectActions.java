package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.geo.GridIndex;
import org.griddispatch.sla.Deadlines;
import org.griddispatch.ticket.Change;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.griddispatch.workflow.TicketFacts.time;

/**
 * The centre corrects what intake got wrong: the category, the point and address, the priority. A
 * point in another grid routes the ticket again (the grid's worker on duty, else a backup on duty,
 * else the centre's queue); a new category brings its policy's deadlines.
 *
 * <p>Time already spent stays spent: the new policy's durations count from when the resolve clock
 * started (the filing, or the last reopening), as if the ticket had been filed right; the response
 * deadline likewise from the filing while nobody has signed for it. A ticket that goes to a new
 * worker gets a fresh response deadline from now, as a re-dispatch does. A hold's or an approved
 * extension's time under the old category is not carried over.
 */
final class CorrectActions {
  private CorrectActions() {}

  private static final Set<String> PRIORITIES = Set.of("urgent", "high", "normal", "low");

  static Action correct() {
    return new NamedAction("correct") {
      public JsonObject read(Fields f) {
        JsonObject in = new JsonObject().put("category", f.string("category", false, 64))
            .put("address", f.string("address", false, 200))
            .put("priority", f.oneOf("priority", false, PRIORITIES))
            .put("reason", f.string("reason", true, 500));
        JsonObject location = f.object("location", false);
        if (location != null) {
          Double lat = f.number(location, "lat", "location.lat", -90, 90);
          Double lon = f.number(location, "lon", "location.lon", -180, 180);
          if (lat != null && lon != null) in.put("location", new JsonObject().put("lat", lat).put("lon", lon));
        }
        f.onlyKnown(Set.of("category", "location", "address", "priority", "reason"));
        if (Stream.of("category", "location", "address", "priority").allMatch(k -> f.body().getValue(k) == null)) {
          f.error("category", "give at least one of category, location, address, priority");
        }
        return in;
      }

      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        String category = in.getString("category");
        if (category != null && ctx.catalog().category(category) == null) {
          return Future.failedFuture(ApiError.invalid(new JsonObject().put("category", "unknown category")));
        }
        Future<JsonObject> routed = Future.succeededFuture(in);
        JsonObject location = in.getJsonObject("location");
        if (location != null) {
          if (ctx.grids() == null) throw new IllegalStateException("correcting a point needs the node's grids");
          GridIndex.Grid grid = ctx.grids().locate(location.getDouble("lat"), location.getDouble("lon"));
          String gridId = grid == null ? null : grid.id();
          in.put("gridId", gridId);
          if (!Objects.equals(gridId, t.getString("gridId")) && gridId != null) {
            routed = conn.preparedQuery("SELECT w.id, w.name FROM pick_worker($1, $2, $3) w")
                .execute(Tuple.of(gridId, ctx.now(), ctx.calendar().zone().getId()))
                .map(rows -> {
                  Row r = rows.size() == 0 ? null : rows.iterator().next();
                  return in.put("assigneeId", r == null ? null : r.getString("id")).put("assigneeName", r == null ? null : r.getString("name"));
                });
          }
        }
        // the resolve clock started at the filing, or at the last reopening
        return routed.compose(x -> conn.preparedQuery("SELECT max(at) AS at FROM ticket_events WHERE ticket_id = $1 AND type = 'reopened'")
            .execute(Tuple.of(UUID.fromString(t.getString("id"))))
            .map(rows -> {
              OffsetDateTime reopened = rows.iterator().next().getOffsetDateTime("at");
              return x.put("clockStart", Json.time(reopened != null ? reopened : time(t.getString("createdAt"))));
            }));
      }

      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (in.getString("category") != null && t.getString("category") == null) {
          return "A one-window service request has no category to correct";
        }
        return null;
      }

      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        String category = in.getString("category") != null ? in.getString("category") : t.getString("category");
        boolean newCategory = !Objects.equals(category, t.getString("category"));
        JsonObject policy = ctx.catalog().category(category);
        String priority = in.getString("priority") != null ? in.getString("priority")
            : newCategory && policy != null ? policy.getString("priority") : t.getString("priority");
        JsonObject location = in.getJsonObject("location") != null ? in.getJsonObject("location") : t.getJsonObject("location");
        String address = in.getString("address") != null ? in.getString("address") : t.getString("address");
        boolean rerouted = in.getJsonObject("location") != null && !Objects.equals(in.getString("gridId"), t.getString("gridId"));
        String gridId = rerouted ? in.getString("gridId") : t.getString("gridId");
        String assigneeId = rerouted ? in.getString("assigneeId") : t.getString("assigneeId");
        String status = t.getString("status");
        if (rerouted && !"whistled".equals(status)) status = assigneeId != null ? "assigned" : "received";

        JsonObject deadlines = t.getJsonObject("deadlines").copy();
        boolean working = Deadlines.working(policy);
        if (newCategory && policy != null) {
          JsonObject sla = policy.getJsonObject("sla");
          deadlines.put("resolveBy", Json.time(Deadlines.after(time(in.getString("clockStart")), sla.getInteger("resolveMinutes"),
              working, ctx.calendar())));
          if (!rerouted) {
            deadlines.put("respondBy", Json.time(Deadlines.after(time(t.getString("createdAt")), sla.getInteger("respondMinutes"),
                working, ctx.calendar())));
          }
        }
        if (rerouted) {
          int respond = policy != null ? policy.getJsonObject("sla").getInteger("respondMinutes") : 120;
          deadlines.put("respondBy", Json.time(Deadlines.after(ctx.now(), respond, working, ctx.calendar())));
        }

        JsonObject before = facts(t.getString("category"), t.getString("priority"), t.getJsonObject("location"), t.getString("address"),
            t.getString("gridId"), t.getString("assigneeId"), t.getString("status"), t.getJsonObject("deadlines"));
        JsonObject after = facts(category, priority, location, address, gridId, assigneeId, status, deadlines);
        Change c = Change.to(status.equals(t.getString("status")) ? null : status, "corrected",
                new JsonObject().put("reason", in.getString("reason")).put("before", before).put("after", after)
                    .put("assigneeName", rerouted ? in.getString("assigneeName") : null))
            .set("category", category).set("priority", priority).set("address", address)
            .set("lat", location == null ? null : location.getDouble("lat")).set("lon", location == null ? null : location.getDouble("lon"))
            .set("respond_by", time(deadlines.getString("respondBy"))).set("resolve_by", time(deadlines.getString("resolveBy")));
        if (rerouted) {
          c.set("grid_id", gridId).set("assignee_id", assigneeId).set("returned_from", null).handOff();
          if (!"whistled".equals(status)) c.set("responded_at", null);
        }
        return c;
      }
    };
  }

  private static JsonObject facts(String category, String priority, JsonObject location, String address, String gridId,
                                  String assigneeId, String status, JsonObject deadlines) {
    return new JsonObject().put("category", category).put("priority", priority).put("location", location).put("address", address)
        .put("gridId", gridId).put("assigneeId", assigneeId).put("status", status).put("deadlines", deadlines);
  }
}
