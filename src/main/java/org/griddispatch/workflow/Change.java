package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.ticket.Timeline;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an action does: the new status (or null to keep it), columns to set, statements on related
 * rows (run first, in the same transaction), events on this ticket and, for a merge, an event on
 * another ticket. Only changes to the ticket itself bump its version; a comment or an urge does not.
 */
public final class Change {
  final String status;
  final Map<String, Object> columns = new LinkedHashMap<>();
  /** Column expressions using the value as ?, e.g. {@code dept_ids = array_cat(dept_ids, ?)}. */
  final Map<String, Object[]> expressions = new LinkedHashMap<>();
  final List<Timeline.NewEvent> events = new ArrayList<>();
  final List<Statement> before = new ArrayList<>();
  final List<Elsewhere> elsewhere = new ArrayList<>();
  final boolean bumpsVersion;

  /** A statement on a related table, e.g. a department's report-in row. */
  record Statement(String sql, Tuple params) {}

  /** An event on another ticket, with the columns it changes there (as expressions with ?). */
  record Elsewhere(UUID ticketId, String setSql, Object value, Timeline.NewEvent event) {}

  private Change(String status, boolean bumpsVersion) {
    this.status = status;
    this.bumpsVersion = bumpsVersion;
  }

  public static Change to(String status, String eventType, JsonObject data) {
    return new Change(status, true).and(eventType, data);
  }

  public static Change timelineOnly(String eventType, JsonObject data) {
    return new Change(null, false).and(eventType, data);
  }

  /** One more event in the same change. */
  public Change and(String eventType, JsonObject data) {
    events.add(new Timeline.NewEvent(eventType, data));
    return this;
  }

  /** Sets a ticket column; names come from code, never from a request. */
  public Change set(String column, Object value) {
    columns.put(column, value);
    return this;
  }

  /** Sets a column to an expression of itself and one value (written as ?). */
  public Change setExpression(String column, String expression, Object value) {
    expressions.put(column, new Object[] {expression, value});
    return this;
  }

  /**
   * The ticket changes hands or ends: a hold and a pending extension request belonged to the
   * handler and the moment before, so they go.
   */
  public Change handOff() {
    return set("on_hold", false).set("held_at", null).clearExtension();
  }

  /** A pending extension request is decided, or dropped. */
  public Change clearExtension() {
    return set("extension_until", null).set("extension_reason", null).set("extension_requested_by", null);
  }

  /**
   * Records when a called department took a step on this ticket ({@code reported_at}, {@code finished_at},
   * {@code released_at}); a step already recorded keeps its first time.
   */
  public Change departmentStep(UUID ticketId, String deptId, String column, OffsetDateTime at) {
    return before("UPDATE ticket_departments SET " + column + " = coalesce(" + column + ", $3) WHERE ticket_id = $1 AND dept_id = $2",
        Tuple.of(ticketId, deptId, at));
  }

  public Change before(String sql, Tuple params) {
    before.add(new Statement(sql, params));
    return this;
  }

  public Change elsewhere(UUID ticketId, String setSql, Object value, String eventType, JsonObject data) {
    elsewhere.add(new Elsewhere(ticketId, setSql, value, new Timeline.NewEvent(eventType, data)));
    return this;
  }
}
