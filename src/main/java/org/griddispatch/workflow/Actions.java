package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.Fields;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The actions of API.md, each in a few lines. */
public final class Actions {
  private Actions() {}

  private static final Map<String, Action> ALL = Stream.of(accept(), resolve(), rate(), close(), comment())
      .collect(Collectors.toUnmodifiableMap(Action::name, Function.identity()));

  public static Action named(String name) { return ALL.get(name); }

  static boolean isAssignee(Actor actor, JsonObject ticket) {
    return actor.has(Role.GRID_WORKER) && actor.id().equals(ticket.getString("assigneeId"));
  }

  static boolean isReporter(Actor actor, JsonObject ticket) {
    return actor.has(Role.RESIDENT) && actor.id().equals(ticket.getString("reporterId"));
  }

  /** 签收: the assigned worker signs for the ticket; the response clock stops. */
  static Action accept() {
    return new Simple("accept", Set.of("assigned")) {
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t); }
      public Change apply(Actor a, JsonObject t, JsonObject in, OffsetDateTime now) {
        return Change.to("accepted", "accepted", new JsonObject()).set("responded_at", now);
      }
    };
  }

  static Action resolve() {
    return new Simple("resolve", Set.of("accepted", "reopened")) {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", true, 2000)); }
      public boolean mayAct(Actor a, JsonObject t) { return isAssignee(a, t); }
      public Change apply(Actor a, JsonObject t, JsonObject in, OffsetDateTime now) {
        return Change.to("resolved", "resolved", new JsonObject().put("note", in.getString("note")))
            .set("resolved_at", now);
      }
    };
  }

  /** 好评/中评/差评 by the resident who reported, once. */
  static Action rate() {
    return new Simple("rate", Set.of("resolved", "closed")) {
      public JsonObject read(Fields f) {
        return new JsonObject().put("rating", f.oneOf("rating", true, Set.of("good", "neutral", "bad")))
            .put("comment", f.string("comment", false, 500));
      }
      public boolean mayAct(Actor a, JsonObject t) { return isReporter(a, t); }
      public String refuse(JsonObject t, JsonObject in) {
        return t.getValue("rating") != null ? "This ticket has already been rated" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, OffsetDateTime now) {
        return Change.to(null, "rated", in.copy())
            .set("rating", in.getString("rating")).set("rating_comment", in.getString("comment")).set("rated_at", now);
      }
    };
  }

  static Action close() {
    return new Simple("close", Set.of("resolved")) {
      public boolean mayAct(Actor a, JsonObject t) { return a.has(Role.DISPATCHER) || a.has(Role.ADMIN); }
      public Change apply(Actor a, JsonObject t, JsonObject in, OffsetDateTime now) {
        return Change.to("closed", "closed", new JsonObject()).set("closed_at", now);
      }
    };
  }

  /** Anyone who can see the ticket may add to its timeline. */
  static Action comment() {
    return new Simple("comment", Set.of()) {
      public JsonObject read(Fields f) { return new JsonObject().put("text", f.string("text", true, 2000)); }
      public boolean mayAct(Actor a, JsonObject t) { return true; }
      public Change apply(Actor a, JsonObject t, JsonObject in, OffsetDateTime now) {
        return Change.timelineOnly("commented", new JsonObject().put("text", in.getString("text")));
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
