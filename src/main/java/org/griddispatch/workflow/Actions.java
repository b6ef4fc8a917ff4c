package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.griddispatch.auth.Actor;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.geo.GridLocator;
import org.griddispatch.ticket.Change;
import org.griddispatch.ticket.Decision;
import org.griddispatch.ticket.Decisions;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every workflow action by name, section by section, and the decisions {@code ticket.TicketChanges}
 * writes: an action's body is read here (400 before anything is locked); its lookups, refusals and
 * change run inside the writer's transaction.
 */
public final class Actions implements Decisions {
  private static final Map<String, Action> ALL = Stream.of(
          HandlingActions.accept(), HandlingActions.resolve(), HandlingActions.hold(), HandlingActions.resume(),
          HandlingActions.comment(),
          DepartmentActions.whistle(), DepartmentActions.report(), DepartmentActions.finish(), DepartmentActions.release(),
          DispatchActions.returnTicket(), DispatchActions.rejectReturn(), DispatchActions.reassign(), DispatchActions.cancel(),
          MergeActions.merge(), MergeActions.keep(), MergeActions.follow(),
          IncidentActions.formIncident(), IncidentActions.joinIncident(),
          DeadlineActions.extend(), DeadlineActions.approveExtension(), DeadlineActions.refuseExtension(),
          DeadlineActions.urge(), DeadlineActions.step(),
          OutcomeActions.rate(), OutcomeActions.reopen(), OutcomeActions.close(),
          ServiceActions.checkMaterials(), ServiceActions.handover(),
          VisitActions.visit(), VisitActions.reviewRating(), CorrectActions.correct(),
          FieldActions.seen())
      .collect(Collectors.toUnmodifiableMap(Action::name, Function.identity()));

  private final Supplier<Catalog> catalog;
  private final JsonObject settings;
  private final GridLocator grids;

  /** The actions over a node's current catalogue (with its working calendar) and its {@code workflow} settings. */
  public Actions(Supplier<Catalog> catalog, JsonObject config) { this(catalog, config, null); }

  /** The same, routing a corrected point by the node's grids. */
  public Actions(Supplier<Catalog> catalog, JsonObject config, GridLocator grids) {
    this.catalog = catalog;
    this.settings = config.getJsonObject("workflow", new JsonObject());
    this.grids = grids;
  }

  /** The action of that name, or null. */
  static Action named(String name) { return ALL.get(name); }

  /** Every action's name. */
  static java.util.Set<String> names() { return ALL.keySet(); }

  @Override
  public Decision decision(String name, JsonObject body) {
    Action action = ALL.get(name);
    if (action == null) throw ApiError.notFound("Action '" + name + "'");
    Fields fields = new Fields(body);
    JsonObject input = action.read(fields);
    fields.throwIfAny();
    Catalog current = catalog.get(); // one catalogue for the whole decision, whatever changes meanwhile
    return new Decision() {
      private JsonObject prepared = input;

      public String action() { return name; }

      public Future<Void> prepare(SqlConnection conn, Actor actor, JsonObject ticket, OffsetDateTime now) {
        return action.prepare(conn, actor, ticket, input, context(current, now)).map(p -> {
          prepared = p;
          return null;
        });
      }

      public Change decide(Actor actor, JsonObject ticket, OffsetDateTime now) {
        Action.Context ctx = context(current, now);
        String refusal = action.refuse(actor, ticket, prepared, ctx);
        if (refusal != null) throw ApiError.conflict("invalid_transition", refusal);
        return action.apply(actor, ticket, prepared, ctx);
      }
    };
  }

  private Action.Context context(Catalog current, OffsetDateTime now) {
    return new Action.Context(now, current, settings, grids);
  }
}
