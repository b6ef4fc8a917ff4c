package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.ticket.Change;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.stream.Stream;

import static org.griddispatch.workflow.TicketFacts.department;
import org.griddispatch.sla.Deadlines;

/** 退单 and re-dispatch: a worker returns a ticket, the centre refuses the return, reassigns or cancels. */
final class DispatchActions {
  private DispatchActions() {}

  /** 退单: not this grid's job; back to the centre's queue with the reason. */
  static Action returnTicket() {
    return new NamedAction("return") {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to("returned", "returned", in.copy()).set("returned_from", t.getString("status"))
            .set("return_reason", in.getString("reason")).set("return_count", t.getInteger("returnCount") + 1).handOff();
      }
    };
  }

  /** The centre refuses a return: the worker keeps the ticket, in the state it left. */
  static Action rejectReturn() {
    return new NamedAction("reject-return") {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return t.getString("assigneeId") == null ? "Nobody to give it back to: reassign it" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        String back = t.getString("returnedFrom") == null ? "assigned" : t.getString("returnedFrom");
        return Change.to(back, "return_rejected", in.copy()).set("returned_from", null);
      }
    };
  }

  /** Re-dispatch to a grid (its least-loaded worker on duty, else a backup on duty), a worker, or straight to a department. */
  static Action reassign() {
    return new NamedAction("reassign") {
      public JsonObject read(Fields f) {
        JsonObject in = new JsonObject().put("gridId", f.string("gridId", false, 64))
            .put("assigneeId", f.string("assigneeId", false, 64)).put("deptId", f.string("deptId", false, 64))
            .put("reason", f.string("reason", false, 500));
        long targets = Stream.of("gridId", "assigneeId", "deptId").filter(k -> in.getValue(k) != null).count();
        if (targets != 1 && !f.hasError("gridId") && !f.hasError("assigneeId") && !f.hasError("deptId")) {
          f.error("gridId", "give exactly one of gridId, assigneeId, deptId");
        }
        return in;
      }
      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (in.getString("deptId") != null) {
          if (ctx.catalog().department(in.getString("deptId")) == null) {
            return Future.failedFuture(ApiError.invalid(new JsonObject().put("deptId", "unknown department")));
          }
          return Future.succeededFuture(in);
        }
        if (in.getString("gridId") != null) {
          // routed as intake routes: the grid's workers on duty, else its backups on duty
          return conn.preparedQuery("SELECT g.id, w.id AS worker, w.name FROM grids g LEFT JOIN pick_worker(g.id, $2, $3) w ON true"
                  + " WHERE g.id = $1 AND g.active")
              .execute(Tuple.of(in.getString("gridId"), ctx.now(), ctx.calendar().zone().getId())).map(rows -> {
                if (rows.size() == 0) throw ApiError.invalid(new JsonObject().put("gridId", "unknown grid"));
                Row r = rows.iterator().next();
                if (r.getString("worker") == null) {
                  throw ApiError.conflict("no_worker", "Nobody of that grid, nor any of its backups, is on duty");
                }
                return in.put("assigneeId", r.getString("worker")).put("assigneeName", r.getString("name"));
              });
        }
        return conn.preparedQuery("SELECT u.name, (SELECT array_agg(grid_id ORDER BY grid_id) FROM user_grids g WHERE g.user_id = u.id)"
                + " AS grids FROM users u WHERE u.id = $1 AND u.active AND u.role = 'grid_worker'")
            .execute(Tuple.of(in.getString("assigneeId"))).map(rows -> {
              if (rows.size() == 0) throw ApiError.invalid(new JsonObject().put("assigneeId", "not an active grid worker"));
              Row r = rows.iterator().next();
              List<String> grids = r.getArrayOfStrings("grids") == null ? List.of() : List.of(r.getArrayOfStrings("grids"));
              String grid = grids.contains(t.getString("gridId")) ? t.getString("gridId") : grids.isEmpty() ? null : grids.get(0);
              return in.put("gridId", grid).put("assigneeName", r.getString("name"));
            });
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject data = new JsonObject().put("fromGridId", t.getString("gridId")).put("fromAssigneeId", t.getString("assigneeId"))
            .put("reason", in.getString("reason"));
        if (in.getString("deptId") != null) {
          DepartmentActions.Call call = DepartmentActions.Call.of(t, List.of(in.getString("deptId")), ctx);
          return call.into(Change.to("whistled", "whistled", data.mergeIn(call.describe())), a, t, ctx).set("returned_from", null)
              .handOff();
        }
        JsonObject category = ctx.catalog().category(t.getString("category"));
        int respond = category != null ? category.getJsonObject("sla").getInteger("respondMinutes") : 120;
        OffsetDateTime respondBy = Deadlines.after(ctx.now(), respond,
            Deadlines.working(category), ctx.calendar());
        return Change.to("assigned", "reassigned", data.put("gridId", in.getString("gridId"))
                .put("assigneeId", in.getString("assigneeId")).put("assigneeName", in.getString("assigneeName")))
            .set("grid_id", in.getString("gridId")).set("assignee_id", in.getString("assigneeId"))
            .set("responded_at", null).set("respond_by", respondBy).set("returned_from", null).handOff();
      }
    };
  }

  /** The centre withdraws a report that needs no handling (a prank, a test, filed twice by staff). */
  static Action cancel() {
    return new NamedAction("cancel") {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to("cancelled", "cancelled", in.copy()).set("closed_at", ctx.now()).handOff();
      }
    };
  }
}
