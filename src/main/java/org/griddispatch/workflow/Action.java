package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.griddispatch.auth.Actor;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.catalog.WorkCalendar;
import org.griddispatch.common.Fields;
import org.griddispatch.geo.GridLocator;
import org.griddispatch.sla.Deadlines;
import org.griddispatch.ticket.Change;

import java.time.OffsetDateTime;

/**
 * One workflow action. Who may take it and from which states is its rule in
 * {@code ticket.Vocabulary}, checked by {@code ticket.TicketChanges}. Here: {@link #read} checks the
 * body (400), {@link #prepare} looks up what the change needs (in the transaction), {@link #refuse}
 * checks what else the ticket must allow (409), then {@link #apply} says what changes. {@code refuse}
 * and {@code apply} are pure: the tests call them directly.
 */
public interface Action {
  /**
   * What an action sees besides the ticket: the time, the catalogue (with its working calendar), the
   * workflow settings, and the node's grids (to route a corrected point).
   */
  record Context(OffsetDateTime now, Catalog catalog, JsonObject settings, GridLocator grids) {
    /** A context without the node's grids, for actions that never route by a point. */
    public Context(OffsetDateTime now, Catalog catalog, JsonObject settings) { this(now, catalog, settings, null); }

    public int reopenDays() { return settings.getInteger("reopenWindowDays", 7); }

    public WorkCalendar calendar() { return catalog.calendar(); }

    /** A fresh resolve-by from now, by the ticket's policy (after a reopen). */
    public OffsetDateTime newResolveBy(JsonObject ticket) {
      JsonObject category = catalog.category(ticket.getString("category"));
      long minutes = Deadlines.resolveMinutes(category, catalog.service(ticket.getString("serviceCode")), calendar());
      return Deadlines.after(now, minutes, Deadlines.working(category), calendar());
    }
  }

  String name();

  /** Reads and checks the body; field errors go to {@code fields}. By default the action takes no body. */
  default JsonObject read(Fields fields) { return new JsonObject(); }

  /** Looks up what the change needs (a worker to route to, a ticket to merge into); answers the input, enriched. */
  default Future<JsonObject> prepare(SqlConnection conn, Actor actor, JsonObject ticket, JsonObject input, Context ctx) {
    return Future.succeededFuture(input);
  }

  /** A further condition the ticket must meet, as a refusal message, or null when allowed. */
  default String refuse(Actor actor, JsonObject ticket, JsonObject input, Context ctx) { return null; }

  Change apply(Actor actor, JsonObject ticket, JsonObject input, Context ctx);
}
