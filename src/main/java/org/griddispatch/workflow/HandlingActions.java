package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.Change;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.griddispatch.workflow.TicketFacts.department;
import static org.griddispatch.workflow.TicketFacts.time;
import org.griddispatch.sla.Deadlines;

/** The handler's own steps: sign for, resolve, hold and resume, and comments anyone may add. */
final class HandlingActions {
  private HandlingActions() {}

  /** 签收: the assigned worker signs for the ticket; the response clock stops. */
  static Action accept() {
    return new NamedAction("accept") {
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
    return new NamedAction("resolve") {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", true, 2000)); }
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
            .set("resolved_at", ctx.now()).set("resolution_note", in.getString("note")).handOff();
        // the work is done: every department still called has finished its part, so that a reopened
        // ticket can call any of them again like a new one
        for (Object o : t.getJsonArray("departments", new io.vertx.core.json.JsonArray())) {
          JsonObject d = (JsonObject) o;
          if (d.getValue("releasedAt") == null && d.getValue("finishedAt") == null) {
            c.departmentStep(UUID.fromString(t.getString("id")), d.getString("deptId"), "finished_at", ctx.now());
          }
        }
        return c;
      }
    };
  }

  /** Waiting on the resident (a visit they must be home for, a document to bring): the resolve clock pauses. */
  static Action hold() {
    return new NamedAction("hold") {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
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
    return new NamedAction("resume") {
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Boolean.TRUE.equals(t.getBoolean("onHold")) ? null : "Not on hold";
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        OffsetDateTime held = time(t.getString("heldAt"));
        OffsetDateTime deadline = time(t.getJsonObject("deadlines").getString("resolveBy"));
        boolean working = Deadlines.working(ctx.catalog().category(t.getString("category")));
        long workingMinutesHeld = working ? ctx.calendar().minutesBetween(held, ctx.now()) : 0;
        // a hold that spanned no working time moves nothing (plus(t, 0) would carry an end-of-day deadline to the next morning)
        OffsetDateTime moved = !working ? deadline.plus(java.time.Duration.between(held, ctx.now()))
            : workingMinutesHeld == 0 ? deadline : ctx.calendar().plus(deadline, workingMinutesHeld);
        return Change.to(null, "resumed", new JsonObject().put("resolveBy", Json.time(moved)).put("heldSince", Json.time(held)))
            .set("on_hold", false).set("held_at", null).set("resolve_by", moved);
      }
    };
  }

  /** Anyone who can see the ticket may add to its timeline. */
  static Action comment() {
    return new NamedAction("comment") {
      public JsonObject read(Fields f) {
        return new JsonObject().put("text", f.string("text", true, 2000)).put("internal", f.bool(f.body(), "internal", "internal"));
      }
      /** A staff member's note is internal (never shown to residents) unless sent with {@code internal: false}; a resident's never is. */
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        boolean staff = !a.has(org.griddispatch.auth.Role.RESIDENT);
        if (!staff && Boolean.TRUE.equals(in.getValue("internal"))) {
          throw org.griddispatch.common.ApiError.invalid(new JsonObject().put("internal", "only staff write internal notes"));
        }
        boolean internal = staff && !Boolean.FALSE.equals(in.getValue("internal"));
        JsonObject data = new JsonObject().put("text", in.getString("text"));
        if (internal) data.put("internal", true);
        return Change.timelineOnly("commented", data);
      }
    };
  }
}
