package org.griddispatch.ticket;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a decision says changes, for {@link TicketChanges} to write: the new status (or null to keep
 * it), columns to set, statements on related rows (run first), events on this ticket, changes to
 * other tickets (a merge tells the original), deadline steps that fired, and audit rows. Only
 * changes to the ticket itself bump its version; a comment or a photo does not.
 */
public final class Change {
  final String status;
  final Map<String, Object> columns = new LinkedHashMap<>();
  /** Column expressions using the value as ?, e.g. {@code dept_ids = array_cat(dept_ids, ?)}. */
  final Map<String, Object[]> expressions = new LinkedHashMap<>();
  final List<Timeline.NewEvent> events = new ArrayList<>();
  final List<Statement> before = new ArrayList<>();
  final List<Other> others = new ArrayList<>();
  final List<FiredStep> fired = new ArrayList<>();
  final List<Audit> audits = new ArrayList<>();
  /** Topics the change's events go to besides the ticket's own (the feeds of people told about it). */
  final List<String> topics = new ArrayList<>();
  final boolean bumpsVersion;

  /** A statement on a related table, e.g. a department's report-in row. */
  record Statement(String sql, Tuple params) {}

  /** The same kind of change on another ticket, written in the same transaction. */
  record Other(UUID ticketId, Change change) {}

  /** A step of one of the ticket's clocks (a row of the deadlines table) has fired. */
  public record FiredStep(long deadlineId, String step) {}

  /** A row of the audit log: who did what to which target, the state before and after. */
  record Audit(String action, String target, JsonObject before, JsonObject after) {}

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

  /** A change of columns alone: no event, the version stays (bookkeeping such as when the assignee saw it). */
  public static Change columnsOnly() {
    return new Change(null, false);
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

  /** {@code change} happens to another ticket too, which is locked, written and timed the same way. */
  public Change alsoOn(UUID ticketId, Change change) {
    others.add(new Other(ticketId, change));
    return this;
  }

  /** The clock row {@code deadlineId} fired {@code step}: it moves on to its next step. */
  public Change fired(long deadlineId, String step) {
    fired.add(new FiredStep(deadlineId, step));
    return this;
  }

  /** The change's events also go to {@code topic} (e.g. {@code user:<id>}, that user's feed). */
  public Change announceTo(String topic) {
    topics.add(topic);
    return this;
  }

  /** The topics besides the ticket's own its events go to. */
  public List<String> topics() { return List.copyOf(topics); }

  /** An audit row written with the change. */
  public Change audit(String action, String target, JsonObject before, JsonObject after) {
    audits.add(new Audit(action, target, before, after));
    return this;
  }

  // What the change says, read back (the writer reads the fields; tests of decisions read these).

  /** The new status, or null when it stays. */
  public String status() { return status; }

  public boolean bumpsVersion() { return bumpsVersion; }

  /** The ticket's columns it sets, by name. */
  public Map<String, Object> columns() { return java.util.Collections.unmodifiableMap(columns); }

  /** The column expressions it sets, by name: the SQL with ? and its one value. */
  public Map<String, Object[]> expressions() { return java.util.Collections.unmodifiableMap(expressions); }

  public List<Timeline.NewEvent> events() { return List.copyOf(events); }

  /** The related statements it runs first, as their SQL. */
  public List<String> statements() { return before.stream().map(Statement::sql).toList(); }

  /** The other tickets it changes, each with its change. */
  public Map<UUID, Change> others() {
    Map<UUID, Change> out = new LinkedHashMap<>();
    others.forEach(o -> out.put(o.ticketId(), o.change()));
    return out;
  }

  public List<FiredStep> fired() { return List.copyOf(fired); }
}
