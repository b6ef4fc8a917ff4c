package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.sla.Clocks;
import org.griddispatch.ticket.Change;
import org.griddispatch.ticket.Vocabulary;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.griddispatch.workflow.TicketFacts.time;

/** Deadlines: 延期 (extension requests and their decision), 督办 (a supervisor's urging), and each clock step as it falls due. */
final class DeadlineActions {
  private DeadlineActions() {}

  /** 延期: the handler asks, before the deadline, for a later resolve-by; a supervisor decides. */
  static Action extend() {
    return new NamedAction("extend") {
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
    return new NamedAction("approve-extension") {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", false, 500)); }
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
    return new NamedAction("refuse-extension") {
      public JsonObject read(Fields f) { return new JsonObject().put("reason", f.string("reason", true, 500)); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) { return noExtensionWaiting(t); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "extension_refused", in.copy().put("until", t.getJsonObject("extension").getString("until")))
            .clearExtension();
      }
    };
  }

  /** Why a decision on an extension cannot be taken, or null when a request is waiting. */
  static String noExtensionWaiting(JsonObject t) {
    return t.getValue("extension") == null ? "No extension request is waiting" : null;
  }

  /** 督办/催办: a supervisor presses the handler. */
  static Action urge() {
    return new NamedAction("urge") {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", true, 500)); }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.timelineOnly("urged", in.copy());
      }
    };
  }

  /**
   * A step of one of the ticket's clocks has come due (the server's own action): its event, and the
   * clock moves on to its next step. The ticket's escalation follows from its clocks. The rating
   * window's end closes a resolved ticket, as the centre's {@code close} does.
   */
  static Action step() {
    return new NamedAction("deadline-step") {
      public JsonObject read(Fields f) {
        Object id = f.body().getValue("deadlineId");
        if (!(id instanceof Number)) f.error("deadlineId", "the clock's row");
        String step = f.oneOf("step", true, STEPS);
        return new JsonObject().put("deadlineId", id).put("step", step).put("clock", f.string("clock", true, 32))
            .put("deptId", f.string("deptId", false, 64)).put("deadline", f.string("deadline", true, 64))
            .put("firedBy", f.string("firedBy", false, 200));
      }
      public io.vertx.core.Future<JsonObject> prepare(io.vertx.sqlclient.SqlConnection conn, Actor a, JsonObject t, JsonObject in,
                                                      Context ctx) {
        return ALERT.equals(in.getString("step")) ? UnseenAlert.backups(conn, t, in, ctx) : io.vertx.core.Future.succeededFuture(in);
      }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (ALERT.equals(in.getString("step"))) {
          return Clocks.waitsToBeSeen(t) ? null : "Seen, signed for or handed on before its alert";
        }
        return CLOSE.equals(in.getString("step")) && !"resolved".equals(t.getString("status"))
            ? "Only a resolved ticket closes when its rating window ends" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        String step = in.getString("step");
        if (ALERT.equals(step)) return UnseenAlert.change(t, in, ctx).fired(in.getLong("deadlineId"), step);
        JsonObject data = new JsonObject().put("clock", in.getString("clock")).put("deadline", in.getString("deadline"))
            .put("step", step).put("firedBy", in.getString("firedBy"));
        if (in.getString("deptId") != null) data.put("deptId", in.getString("deptId"));
        Change change = CLOSE.equals(step)
            ? OutcomeActions.closing(data.put("reason", "rating window ended"), ctx)
            : Change.to(null, Vocabulary.LADDER_EVENTS.get(Vocabulary.LADDER.indexOf(step)), data);
        return change.fired(in.getLong("deadlineId"), step);
      }
    };
  }

  /** The rating window's one step. */
  static final String CLOSE = "close";
  /** The seen clock's one step: an urgent ticket waits unseen by its assignee. */
  static final String ALERT = Clocks.ALERT;
  private static final Set<String> STEPS = Stream.concat(Vocabulary.LADDER.stream(), Stream.of(CLOSE, ALERT))
      .collect(Collectors.toUnmodifiableSet());
}
