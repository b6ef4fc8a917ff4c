package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.griddispatch.auth.Actor;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.Fields;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * One workflow action. {@link #read} checks the body (400), {@link #mayAct} the user (403),
 * {@link #from} the ticket's state (409); {@link #prepare} looks up what the change needs (in the
 * transaction), {@link #refuse} checks what else the state must allow (409), then {@link #apply}
 * says what changes.
 */
public interface Action {
  /** What an action sees besides the ticket: the time, the catalogues, the workflow settings. */
  record Context(OffsetDateTime now, Catalog catalog, JsonObject settings, org.griddispatch.sla.WorkCalendar calendar) {
    public int reopenDays() { return settings.getInteger("reopenWindowDays", 7); }

    /** A fresh resolve-by from now, by the ticket's policy (after a reopen). */
    public OffsetDateTime newResolveBy(JsonObject ticket) {
      JsonObject category = catalog.category(ticket.getString("category"));
      long minutes = org.griddispatch.sla.Deadlines.resolveMinutes(category, catalog.service(ticket.getString("serviceCode")), calendar);
      return org.griddispatch.sla.Deadlines.after(now, minutes, org.griddispatch.sla.Deadlines.working(category), calendar);
    }
  }

  String name();

  /** The states the action is allowed from; empty means any state. */
  Set<String> from();

  /** Reads and checks the body; field errors go to {@code fields}. */
  JsonObject read(Fields fields);

  boolean mayAct(Actor actor, JsonObject ticket);

  /** A further state condition beyond {@link #from}, as a refusal message, or null when allowed. */
  default String refuse(Actor actor, JsonObject ticket, JsonObject input, Context ctx) { return null; }

  /** Looks up what the change needs (a worker to route to, a ticket to merge into); answers the input, enriched. */
  default Future<JsonObject> prepare(SqlConnection conn, Actor actor, JsonObject ticket, JsonObject input, Context ctx) {
    return Future.succeededFuture(input);
  }

  Change apply(Actor actor, JsonObject ticket, JsonObject input, Context ctx);
}
