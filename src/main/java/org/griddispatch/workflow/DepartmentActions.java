package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.Change;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.griddispatch.workflow.TicketFacts.department;
import static org.griddispatch.workflow.TicketFacts.time;

/** 吹哨报到: calling departments in, their report-in, their part done, and releasing one. */
final class DepartmentActions {
  private DepartmentActions() {}

  private static final int SERVICE_REPORT_IN_MINUTES = 120;

  /** 吹哨 (and 加派 when already whistled): the departments must report in within their SLA. */
  static Action whistle() {
    return new NamedAction("whistle") {
      public JsonObject read(Fields f) {
        return new JsonObject().put("deptIds", new JsonArray(f.strings("deptIds", true, 10, 64)))
            .put("note", f.string("note", false, 2000));
      }
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
    return new NamedAction("report") {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", false, 2000)); }
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
    return new NamedAction("finish") {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", false, 2000)); }
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
    return new NamedAction("release") {
      public JsonObject read(Fields f) {
        return new JsonObject().put("deptId", f.string("deptId", true, 64)).put("reason", f.string("reason", true, 500));
      }
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
}
