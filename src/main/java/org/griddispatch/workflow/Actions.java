package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.TicketRecord;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The actions of API.md (and a few more, see docs/api.md), each in a few lines. */
public final class Actions {
  private Actions() {}

  static final Set<String> OPEN = org.griddispatch.ticket.States.OPEN;
  private static final int SERVICE_REPORT_IN_MINUTES = 120;

  private static final Map<String, Action> ALL = Stream.of(accept(), resolve(), rate(), close(), comment(), whistle(),
          report(), finish(), release(), returnTicket(), rejectReturn(), reassign(), merge(), keep(), extend(),
          approveExtension(), refuseExtension(), urge(), reopen(), cancel(), checkMaterials(), handover(), hold(), resume())
      .collect(Collectors.toUnmodifiableMap(Action::name, Function.identity()));

  public static Action named(String name) { return ALL.get(name); }

  // ---- who -----------------------------------------------------------------------------------

  static boolean isAssignee(Actor a, JsonObject t) {
    return a.has(Role.GRID_WORKER) && a.id().equals(t.getString("assigneeId"));
  }

  static boolean isCalledDepartment(Actor a, JsonObject t) {
    return org.griddispatch.ticket.Scope.activeDepartment(a, t);
  }

  static boolean isCentre(Actor a) { return a.has(Role.DISPATCHER) || a.has(Role.ADMIN); }

  static boolean isSupervisor(Actor a) { return a.has(Role.SUPERVISOR) || a.has(Role.ADMIN); }

  /** Why a decision on an extension cannot be taken, or null when a request is waiting. */
  static String noExtensionWaiting(JsonObject t) {
    return t.getValue("extension") == null ? "No extension request is waiting" : null;
  }

  /** The resident who reported, or one whose duplicate report was merged into this ticket. */
  static boolean isReporter(Actor a, JsonObject t) {
    return a.has(Role.RESIDENT) && (a.id().equals(t.getString("reporterId")) || t.getJsonArray("followerIds").contains(a.id()));
  }

  static JsonObject department(JsonObject t, String deptId) {
    for (Object o : t.getJsonArray("departments")) {
      if (deptId.equals(((JsonObject) o).getString("deptId"))) return (JsonObject) o;
    }
    return null;
  }

  static OffsetDateTime time(String iso) { return iso == null ? null : OffsetDateTime.parse(iso); }

  // ---- the simple path -------------------------------------------------------------------------

  /** 签收: the assigned worker signs for the ticket; the response clock stops. */
  static Action accept() {
    return new Simple("accept", Set.of("assigned")) {
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to("accepted", "accepted", new JsonObject()).set("responded_at", ctx.now());
      }
    };
  }

  /**
   * Work done. From {@code whistled} only once every called department has reported (or been
   * released); a department's staff resolving also finishes their department's part.
   */
  static Action resolve() {
    return new Simple("resolve", Set.of("accepted", "reopened", "whistled")) {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", true, 2000)); }
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t) || isCalledDepartment(a, t); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (!"whistled".equals(t.getString("status"))) return null;
        List<String> waiting = new ArrayList<>();
        for (Object o : t.getJsonArray("departments")) {
          JsonObject d = (JsonObject) o;
          if (d.getValue("reportedAt") == null && d.getValue("releasedAt") == null) waiting.add(d.getString("deptId"));
        }
        return waiting.isEmpty() ? null : "Waiting for departments to report in: " + String.join(", ", waiting);
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        Change c = Change.to("resolved", "resolved", new JsonObject().put("note", in.getString("note")))
            .set("resolved_at", ctx.now()).handOff();
        if (a.has(Role.DEPT_STAFF)) {
          c.departmentStep(UUID.fromString(t.getString("id")), a.deptId(), "finished_at", ctx.now());
        }
        return c;
      }
    };
  }

  /**
   * 好评/中评/差评 by each reporter once per resolution. A bad rating within the reopen window sends a
   * resolved ticket back to its handler.
   */
  static Action rate() {
    return new Simple("rate", Set.of("resolved", "closed")) {
      public JsonObject read(Fields f) {
        return new JsonObject().put("rating", f.oneOf("rating", true, Set.of("good", "neutral", "bad")))
            .put("comment", f.string("comment", false, 500));
      }
      public boolean mayAct(Actor a, JsonObject t) { return isReporter(a, t); }
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

  static Action close() {
    return new Simple("close", Set.of("resolved")) {
      public boolean mayAct(Actor a, JsonObject t) { return isCentre(a); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to("closed", "closed", new JsonObject()).set("closed_at", ctx.now());
      }
    };
  }

  /** Anyone who can see the ticket may add to its timeline. */
  static Action comment() {
    return new Simple("comment", Set.of()) {
      public JsonObject read(Fields f) { return new JsonObject().put("text", f.string("text", true, 2000)); }
      public boolean mayAct(Actor a, JsonObject t) { return true; }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.timelineOnly("commented", new JsonObject().put("text", in.getString("text")));
      }
    };
  }

  // ---- 吹哨报到 -------------------------------------------------------------------------------

  /** 吹哨 (and 加派 when already whistled): the departments must report in within their SLA. */
  static Action whistle() {
    return new Simple("whistle", Set.of("accepted", "reopened", "whistled")) {
      public JsonObject read(Fields f) {
        return new JsonObject().put("deptIds", new JsonArray(f.strings("deptIds", true, 10, 64)))
            .put("note", f.string("note", false, 2000));
      }
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t) || isCentre(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) { return callable(t, in, ctx); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        Call call = Call.of(t, Json.strings(in.getJsonArray("deptIds")), ctx);
        return call.into(Change.to("whistled", "whistled", call.describe().put("note", in.getString("note"))), a, t, ctx);
      }
    };
  }

  /** Checks the departments exist and at least one is not already called. */
  static String callable(JsonObject t, JsonObject in, Action.Context ctx) {
    List<String> ids = Json.strings(in.getJsonArray("deptIds"));
    for (String id : ids) {
      if (ctx.catalog().department(id) == null) throw ApiError.invalid(new JsonObject().put("deptIds", "unknown department " + id));
    }
    return ids.stream().allMatch(id -> active(department(t, id))) ? "Those departments are already called" : null;
  }

  /** Called and still at work: not released and not finished (those may be called again). */
  static boolean active(JsonObject department) {
    return department != null && department.getValue("releasedAt") == null && department.getValue("finishedAt") == null;
  }

  /** Departments about to be called (new, or called again after being released or finishing) and their report-in deadline. */
  record Call(List<String> fresh, OffsetDateTime reportBy) {
    static Call of(JsonObject t, List<String> deptIds, Action.Context ctx) {
      JsonObject category = ctx.catalog().category(t.getString("category"));
      int minutes = category != null ? category.getJsonObject("sla").getInteger("reportInMinutes") : SERVICE_REPORT_IN_MINUTES;
      return new Call(deptIds.stream().filter(id -> !active(department(t, id))).toList(), ctx.now().plusMinutes(minutes));
    }

    JsonObject describe() {
      return new JsonObject().put("deptIds", new JsonArray(fresh)).put("reportBy", Json.time(reportBy));
    }

    /** The departments' rows with their report-in deadline, and the ticket's department list. */
    Change into(Change c, Actor a, JsonObject t, Action.Context ctx) {
      UUID id = UUID.fromString(t.getString("id"));
      for (String dept : fresh) {
        c.before("INSERT INTO ticket_departments (ticket_id, dept_id, called_at, called_by, report_by) VALUES ($1, $2, $3, $4, $5)"
                + " ON CONFLICT (ticket_id, dept_id) DO UPDATE SET called_at = excluded.called_at, called_by = excluded.called_by,"
                + " report_by = excluded.report_by, reported_at = NULL, finished_at = NULL, released_at = NULL",
            Tuple.of(id, dept, ctx.now(), a.id(), reportBy));
      }
      return c.setExpression("dept_ids", "ARRAY(SELECT DISTINCT unnest(array_cat(dept_ids, ?::text[])))", fresh.toArray(String[]::new));
    }
  }

  /** 报到: the department has arrived or taken over its part; late when past its report-in deadline. */
  static Action report() {
    return new Simple("report", Set.of("whistled")) {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", false, 2000)); }
      public boolean mayAct(Actor a, JsonObject t) { return isCalledDepartment(a, t); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject d = department(t, a.deptId());
        if (d.getValue("releasedAt") != null) return "Your department was released from this ticket";
        return d.getValue("reportedAt") != null ? "Your department has already reported in" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject d = department(t, a.deptId());
        OffsetDateTime reportBy = time(d.getString("reportBy"));
        return Change.to(null, "reported", new JsonObject().put("deptId", a.deptId()).put("note", in.getString("note"))
                .put("reportBy", d.getString("reportBy")).put("late", ctx.now().isAfter(reportBy)))
            .departmentStep(UUID.fromString(t.getString("id")), a.deptId(), "reported_at", ctx.now());
      }
    };
  }

  /** The department's part is done (a department may also simply resolve the ticket). */
  static Action finish() {
    return new Simple("finish", Set.of("whistled")) {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", false, 2000)); }
      public boolean mayAct(Actor a, JsonObject t) { return isCalledDepartment(a, t); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject d = department(t, a.deptId());
        if (d.getValue("reportedAt") == null) return "Report in first";
        return d.getValue("finishedAt") != null ? "Your department's part is already done" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "dept_finished", new JsonObject().put("deptId", a.deptId()).put("note", in.getString("note")))
            .departmentStep(UUID.fromString(t.getString("id")), a.deptId(), "finished_at", ctx.now());
      }
    };
  }

  /** The centre releases a department that need not report (called by mistake, not needed after all). */
  static Action release() {
    return new Simple("release", Set.of("whistled")) {
      public JsonObject read(Fields f) {
        return new JsonObject().put("deptId", f.string("deptId", true, 64)).put("reason", f.string("reason", true, 500));
      }
      public boolean mayAct(Actor a, JsonObject t) { return isCentre(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject d = department(t, in.getString("deptId"));
        if (d == null) return "That department was not called";
        return d.getValue("releasedAt") != null ? "That department is already released" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "released", in.copy())
            .departmentStep(UUID.fromString(t.getString("id")), in.getString("deptId"), "released_at", ctx.now());
      }
    };
  }

  // ---- 退单 and re-dispatch ---------------------------------------------------------------------

  /** 退单: not this grid's job; back to the centre's queue with the reason. */
  static Action returnTicket() {
    return new Simple("return", Set.of("assigned", "accepted")) {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to("returned", "returned", in.copy()).set("returned_from", t.getString("status"))
            .set("return_reason", in.getString("reason")).set("return_count", t.getInteger("returnCount") + 1).handOff();
      }
    };
  }

  /** The centre refuses a return: the worker keeps the ticket, in the state it left. */
  static Action rejectReturn() {
    return new Simple("reject-return", Set.of("returned")) {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public boolean mayAct(Actor a, JsonObject t) { return isCentre(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return t.getString("assigneeId") == null ? "Nobody to give it back to: reassign it" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        String back = t.getString("returnedFrom") == null ? "assigned" : t.getString("returnedFrom");
        return Change.to(back, "return_rejected", in.copy()).set("returned_from", null);
      }
    };
  }

  /** Re-dispatch to a grid (its least-loaded worker), a worker, or straight to a department. */
  static Action reassign() {
    return new Simple("reassign", Set.of("received", "returned", "assigned", "accepted", "reopened")) {
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
      public boolean mayAct(Actor a, JsonObject t) { return isCentre(a); }
      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (in.getString("deptId") != null) {
          if (ctx.catalog().department(in.getString("deptId")) == null) {
            return Future.failedFuture(ApiError.invalid(new JsonObject().put("deptId", "unknown department")));
          }
          return Future.succeededFuture(in);
        }
        if (in.getString("gridId") != null) {
          return conn.preparedQuery("SELECT g.id, w.id AS worker, w.name FROM grids g LEFT JOIN pick_worker(g.id) w ON true WHERE g.id = $1")
              .execute(Tuple.of(in.getString("gridId"))).map(rows -> {
                if (rows.size() == 0) throw ApiError.invalid(new JsonObject().put("gridId", "unknown grid"));
                Row r = rows.iterator().next();
                if (r.getString("worker") == null) throw ApiError.conflict("no_worker", "That grid has no active worker");
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
          Call call = Call.of(t, List.of(in.getString("deptId")), ctx);
          return call.into(Change.to("whistled", "whistled", data.mergeIn(call.describe())), a, t, ctx).set("returned_from", null)
              .handOff();
        }
        JsonObject category = ctx.catalog().category(t.getString("category"));
        int respond = category != null ? category.getJsonObject("sla").getInteger("respondMinutes") : 120;
        OffsetDateTime respondBy = org.griddispatch.sla.Deadlines.after(ctx.now(), respond,
            org.griddispatch.sla.Deadlines.working(category), ctx.calendar());
        return Change.to("assigned", "reassigned", data.put("gridId", in.getString("gridId"))
                .put("assigneeId", in.getString("assigneeId")).put("assigneeName", in.getString("assigneeName")))
            .set("grid_id", in.getString("gridId")).set("assignee_id", in.getString("assigneeId"))
            .set("responded_at", null).set("respond_by", respondBy).set("returned_from", null).handOff();
      }
    };
  }

  // ---- 去重 ------------------------------------------------------------------------------------

  /** The centre marks this ticket a duplicate of another open one; its reporter follows the other. */
  static Action merge() {
    return new Simple("merge", OPEN) {
      public JsonObject read(Fields f) { return new JsonObject().put("intoId", f.string("intoId", true, 64)); }
      public boolean mayAct(Actor a, JsonObject t) { return isCentre(a); }
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
              if (!OPEN.contains(target.getString("status"))) {
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
        .handOff()
        .elsewhere(UUID.fromString(into.getString("id")),
            "follower_ids = ARRAY(SELECT DISTINCT unnest(follower_ids || ?::text[]))", followers.toArray(String[]::new),
            "duplicate_merged", new JsonObject().put("ticketId", t.getString("id")).put("number", t.getString("number"))
                .put("reason", reason));
  }

  /** The centre keeps a flagged report as a ticket of its own. */
  static Action keep() {
    return new Simple("keep", OPEN) {
      public boolean mayAct(Actor a, JsonObject t) { return isCentre(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return t.getJsonArray("duplicateCandidates").isEmpty() ? "This ticket is not flagged as a possible duplicate" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "duplicates_dismissed", new JsonObject().put("candidates", t.getJsonArray("duplicateCandidates")))
            .set("duplicate_candidates", new UUID[0]);
      }
    };
  }

  // ---- 延期, 督办, reopen, cancel ----------------------------------------------------------------

  /** 延期: the handler asks, before the deadline, for a later resolve-by; a supervisor decides. */
  static Action extend() {
    return new Simple("extend", Set.of("assigned", "accepted", "whistled", "reopened")) {
      public JsonObject read(Fields f) {
        String until = f.string("until", true, 64);
        JsonObject in = new JsonObject().put("reason", f.string("reason", true, 500));
        if (until != null) {
          try {
            in.put("until", Json.time(OffsetDateTime.parse(until)));
          } catch (DateTimeParseException e) {
            f.error("until", "an ISO-8601 date-time with offset");
          }
        }
        return in;
      }
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t) || isCalledDepartment(a, t); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        OffsetDateTime deadline = time(t.getJsonObject("deadlines").getString("resolveBy"));
        OffsetDateTime until = time(in.getString("until"));
        if (t.getValue("extension") != null) return "An extension request is already waiting for a decision";
        if (deadline != null && !ctx.now().isBefore(deadline)) return "The deadline has passed: ask before it";
        if (deadline != null && !until.isAfter(deadline)) {
          throw ApiError.invalid(new JsonObject().put("until", "must be after the current deadline " + Json.time(deadline)));
        }
        if (until.isAfter(ctx.now().plusDays(90))) throw ApiError.invalid(new JsonObject().put("until", "at most 90 days ahead"));
        return null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "extension_requested", in.copy()).set("extension_until", time(in.getString("until")))
            .set("extension_reason", in.getString("reason")).set("extension_requested_by", a.id());
      }
    };
  }

  static Action approveExtension() {
    return new Simple("approve-extension", OPEN) {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", false, 500)); }
      public boolean mayAct(Actor a, JsonObject t) { return isSupervisor(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) { return noExtensionWaiting(t); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject ext = t.getJsonObject("extension");
        return Change.to(null, "extension_approved", new JsonObject().put("until", ext.getString("until"))
                .put("from", t.getJsonObject("deadlines").getString("resolveBy")).put("note", in.getString("note")))
            .set("resolve_by", time(ext.getString("until"))).clearExtension();
      }
    };
  }

  static Action refuseExtension() {
    return new Simple("refuse-extension", OPEN) {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public boolean mayAct(Actor a, JsonObject t) { return isSupervisor(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) { return noExtensionWaiting(t); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "extension_refused", in.copy().put("until", t.getJsonObject("extension").getString("until")))
            .clearExtension();
      }
    };
  }

  /** 督办/催办: a supervisor presses the handler. */
  static Action urge() {
    return new Simple("urge", OPEN) {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", true, 500)); }
      public boolean mayAct(Actor a, JsonObject t) { return isSupervisor(a); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.timelineOnly("urged", in.copy());
      }
    };
  }

  /** The reporter sends a resolved ticket back to its handler, within the reopen window. */
  static Action reopen() {
    return new Simple("reopen", Set.of("resolved", "closed")) {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public boolean mayAct(Actor a, JsonObject t) { return isReporter(a, t); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return withinReopenWindow(t, ctx) ? null : "The reopen window of " + ctx.reopenDays() + " days has passed";
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to("reopened", "reopened", in.copy()).set("reopen_count", t.getInteger("reopenCount") + 1)
            .set("resolved_at", null).set("closed_at", null).set("resolve_by", ctx.newResolveBy(t)).handOff();
      }
    };
  }

  /** The centre withdraws a report that needs no handling (a prank, a test, filed twice by staff). */
  static Action cancel() {
    return new Simple("cancel", Set.of("received", "assigned", "returned")) {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public boolean mayAct(Actor a, JsonObject t) { return isCentre(a); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to("cancelled", "cancelled", in.copy()).set("closed_at", ctx.now()).handOff();
      }
    };
  }

  /** Waiting on the resident (a visit they must be home for, a document to bring): the resolve clock pauses. */
  static Action hold() {
    return new Simple("hold", Set.of("accepted", "whistled", "reopened")) {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t) || isCentre(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Boolean.TRUE.equals(t.getBoolean("onHold")) ? "Already on hold" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "held", in.copy()).set("on_hold", true).set("held_at", ctx.now());
      }
    };
  }

  /** The wait is over: the resolve-by moves on by the time spent on hold (working time for working clocks). */
  static Action resume() {
    return new Simple("resume", Set.of("accepted", "whistled", "reopened")) {
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t) || isCentre(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Boolean.TRUE.equals(t.getBoolean("onHold")) ? null : "Not on hold";
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        OffsetDateTime held = time(t.getString("heldAt"));
        OffsetDateTime deadline = time(t.getJsonObject("deadlines").getString("resolveBy"));
        boolean working = org.griddispatch.sla.Deadlines.working(ctx.catalog().category(t.getString("category")));
        OffsetDateTime moved = working
            ? ctx.calendar().plus(deadline, ctx.calendar().minutesBetween(held, ctx.now()))
            : deadline.plus(java.time.Duration.between(held, ctx.now()));
        return Change.to(null, "resumed", new JsonObject().put("resolveBy", Json.time(moved)).put("heldSince", Json.time(held)))
            .set("on_hold", false).set("held_at", null).set("resolve_by", moved);
      }
    };
  }

  // ---- 一窗受理: a service request's own steps --------------------------------------------------

  static boolean isService(JsonObject t) { return "service".equals(t.getString("kind")); }

  /** The handler has checked the applicant's materials against the item's list. */
  static Action checkMaterials() {
    return new Simple("check-materials", Set.of("assigned", "accepted", "received", "reopened")) {
      public JsonObject read(Fields f) {
        Object complete = f.body().getValue("complete");
        if (!(complete instanceof Boolean)) f.error("complete", "true or false");
        return new JsonObject().put("complete", complete).put("missing", new JsonArray(f.strings("missing", false, 20, 100)))
            .put("note", f.string("note", false, 1000));
      }
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t) || isCentre(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return isService(t) ? null : "Only one-window service requests have materials";
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "materials_checked", in.copy());
      }
    };
  }

  /** The request goes to the item's department, which reports in and completes it. */
  static Action handover() {
    return new Simple("handover", Set.of("assigned", "accepted", "received", "reopened")) {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", false, 1000)); }
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t) || isCentre(a); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (!isService(t)) return "Only one-window service requests are handed over";
        if (!t.getJsonArray("departments").isEmpty()) return "Already handed over";
        JsonObject item = ctx.catalog().service(t.getString("serviceCode"));
        return item == null || item.getString("deptId") == null ? "This service item has no handling department" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        String dept = ctx.catalog().service(t.getString("serviceCode")).getString("deptId");
        Call call = Call.of(t, List.of(dept), ctx);
        return call.into(Change.to("whistled", "handed_over", call.describe().put("note", in.getString("note"))), a, t, ctx);
      }
    };
  }

  /** An action with a name and its allowed states; by default it takes no body. */
  abstract static class Simple implements Action {
    private final String name;
    private final Set<String> from;

    Simple(String name, Set<String> from) {
      this.name = name;
      this.from = from;
    }

    public String name() { return name; }
    public Set<String> from() { return from; }
    public JsonObject read(Fields f) { return new JsonObject(); }
  }

}
