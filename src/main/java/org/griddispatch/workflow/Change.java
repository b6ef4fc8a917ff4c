package org.griddispatch.workflow;

import io.vertx.core.json.JsonObject;
import org.griddispatch.ticket.Timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an action does to a ticket: the new status (or null to keep it), columns to set, and the
 * events it appends. Only changes to the ticket itself bump its version; a comment does not.
 */
public final class Change {
  final String status;
  final Map<String, Object> columns = new LinkedHashMap<>();
  final List<Timeline.NewEvent> events;
  final boolean bumpsVersion;

  private Change(String status, boolean bumpsVersion, List<Timeline.NewEvent> events) {
    this.status = status;
    this.bumpsVersion = bumpsVersion;
    this.events = events;
  }

  public static Change to(String status, String eventType, JsonObject data) {
    return new Change(status, true, List.of(new Timeline.NewEvent(eventType, data)));
  }

  public static Change timelineOnly(String eventType, JsonObject data) {
    return new Change(null, false, List.of(new Timeline.NewEvent(eventType, data)));
  }

  /** Sets a ticket column; names come from code, never from a request. */
  public Change set(String column, Object value) {
    columns.put(column, value);
    return this;
  }
}
