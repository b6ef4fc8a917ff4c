package org.griddispatch.ticket;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.griddispatch.common.Json;

/**
 * A ticket row as internal JSON: everything, including the reporter, the creator and the whole
 * phone number. It travels between verticles; {@link TicketView} makes the public form per viewer.
 */
public final class TicketRecord {
  private TicketRecord() {}

  /** The columns every ticket read selects. */
  public static final String COLUMNS = """
      id, number, kind, status, channel, category, service_code, service_mode, priority, description, address,
      lat, lon, contact_name, contact_phone, reporter_id, created_by, grid_id, assignee_id, dept_ids, duplicate_of,
      external_id, version, seq, respond_by, resolve_by, responded_at, resolved_at, closed_at, rating,
      rating_comment, rated_at, created_at, updated_at, follower_ids, duplicate_candidates, duplicate_reasons, incident_id, returned_from,
      return_reason, return_count, reopen_count, extension_until, extension_reason, extension_requested_by,
      escalation, on_hold, held_at, attributes, rating_review, rating_review_reason, visited_at, visit_attempts,
      assigned_at, assignee_seen_at, unseen_alert_at, alerted_ids, seen_by,
      (SELECT coalesce(json_agg(json_build_object('deptId', d.dept_id, 'calledAt', d.called_at, 'reportBy', d.report_by,
               'reportedAt', d.reported_at, 'finishedAt', d.finished_at, 'releasedAt', d.released_at) ORDER BY d.called_at, d.dept_id), '[]')
       FROM ticket_departments d WHERE d.ticket_id = tickets.id) AS departments""";

  public static JsonObject fromRow(Row r) {
    Double lat = r.getDouble("lat");
    Double lon = r.getDouble("lon");
    Object duplicateOf = r.getValue("duplicate_of");
    JsonObject rating = r.getString("rating") == null ? null : new JsonObject()
        .put("rating", r.getString("rating")).put("comment", r.getString("rating_comment"))
        .put("at", Json.time(r.getOffsetDateTime("rated_at")))
        .put("review", r.getString("rating_review") == null ? null : new JsonObject()
            .put("verdict", r.getString("rating_review")).put("reason", r.getString("rating_review_reason")));
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("number", r.getString("number"))
        .put("kind", r.getString("kind"))
        .put("status", r.getString("status"))
        .put("channel", r.getString("channel"))
        .put("category", r.getString("category"))
        .put("serviceCode", r.getString("service_code"))
        .put("mode", r.getString("service_mode"))
        .put("priority", r.getString("priority"))
        .put("description", r.getString("description"))
        .put("address", r.getString("address"))
        .put("location", lat == null || lon == null ? null : new JsonObject().put("lat", lat).put("lon", lon))
        .put("contact", new JsonObject().put("name", r.getString("contact_name")).put("phone", r.getString("contact_phone")))
        .put("reporterId", r.getString("reporter_id"))
        .put("createdBy", r.getString("created_by"))
        .put("gridId", r.getString("grid_id"))
        .put("assigneeId", r.getString("assignee_id"))
        .put("deptIds", Json.array(r.getArrayOfStrings("dept_ids")))
        .put("duplicateOf", duplicateOf == null ? null : duplicateOf.toString())
        .put("externalId", r.getString("external_id"))
        .put("version", r.getInteger("version"))
        .put("seq", r.getInteger("seq"))
        .put("deadlines", new JsonObject()
            .put("respondBy", Json.time(r.getOffsetDateTime("respond_by")))
            .put("resolveBy", Json.time(r.getOffsetDateTime("resolve_by"))))
        .put("respondedAt", Json.time(r.getOffsetDateTime("responded_at")))
        .put("resolvedAt", Json.time(r.getOffsetDateTime("resolved_at")))
        .put("closedAt", Json.time(r.getOffsetDateTime("closed_at")))
        .put("rating", rating)
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")))
        .put("updatedAt", Json.time(r.getOffsetDateTime("updated_at")))
        .put("followerIds", Json.array(r.getArrayOfStrings("follower_ids")))
        .put("duplicateCandidates", Json.array(java.util.Arrays.stream(r.getArrayOfUUIDs("duplicate_candidates"))
            .map(java.util.UUID::toString).toArray(String[]::new)))
        .put("duplicateReasons", duplicateReasons(r))
        .put("incidentId", r.getColumnIndex("incident_id") < 0 || r.getValue("incident_id") == null ? null
            : r.getValue("incident_id").toString())
        .put("returnedFrom", r.getString("returned_from"))
        .put("returnReason", r.getString("return_reason"))
        .put("returnCount", r.getInteger("return_count"))
        .put("reopenCount", r.getInteger("reopen_count"))
        .put("extension", r.getOffsetDateTime("extension_until") == null ? null : new JsonObject()
            .put("until", Json.time(r.getOffsetDateTime("extension_until"))).put("reason", r.getString("extension_reason"))
            .put("requestedBy", r.getString("extension_requested_by")))
        .put("attributes", Json.obj(r.getValue("attributes")))
        .put("escalation", r.getString("escalation"))
        .put("onHold", r.getBoolean("on_hold"))
        .put("heldAt", Json.time(r.getOffsetDateTime("held_at")))
        .put("visitedAt", Json.time(r.getOffsetDateTime("visited_at")))
        .put("visitAttempts", r.getInteger("visit_attempts"))
        .put("departments", departments(r))
        .put("assignedAt", Json.time(r.getOffsetDateTime("assigned_at")))
        .put("assigneeSeenAt", Json.time(r.getOffsetDateTime("assignee_seen_at")))
        .put("unseenAlertAt", Json.time(r.getOffsetDateTime("unseen_alert_at")))
        .put("alertedIds", Json.array(r.getArrayOfStrings("alerted_ids")))
        .put("seenBy", seenBy(r));
  }

  /** Who has seen the ticket on a terminal, each user's first time, in order. */
  private static io.vertx.core.json.JsonArray seenBy(Row r) {
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    Object v = r.getValue("seen_by");
    if (v == null) return out;
    io.vertx.core.json.JsonArray raw = v instanceof io.vertx.core.json.JsonArray a ? a : new io.vertx.core.json.JsonArray(String.valueOf(v));
    for (Object o : raw) {
      JsonObject s = (JsonObject) o;
      out.add(new JsonObject().put("userId", s.getString("userId")).put("name", s.getString("name"))
          .put("role", s.getString("role")).put("at", Json.time(java.time.OffsetDateTime.parse(s.getString("at")))));
    }
    return out;
  }

  /** Why each of {@code duplicateCandidates} was flagged, in their order; empty where the row has no such column. */
  private static io.vertx.core.json.JsonArray duplicateReasons(Row r) {
    if (r.getColumnIndex("duplicate_reasons") < 0) return new io.vertx.core.json.JsonArray();
    Object v = r.getValue("duplicate_reasons");
    return v == null ? new io.vertx.core.json.JsonArray()
        : v instanceof io.vertx.core.json.JsonArray a ? a : new io.vertx.core.json.JsonArray(String.valueOf(v));
  }

  /** The departments called in, with their report-in deadline and what they did; absent on a row just inserted. */
  private static io.vertx.core.json.JsonArray departments(Row r) {
    if (r.getColumnIndex("departments") < 0) return new io.vertx.core.json.JsonArray();
    Object v = r.getValue("departments");
    io.vertx.core.json.JsonArray raw = v instanceof io.vertx.core.json.JsonArray a ? a : new io.vertx.core.json.JsonArray(String.valueOf(v));
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    for (Object o : raw) {
      JsonObject d = (JsonObject) o;
      JsonObject clean = new JsonObject().put("deptId", d.getString("deptId"));
      for (String k : new String[] {"calledAt", "reportBy", "reportedAt", "finishedAt", "releasedAt"}) {
        clean.put(k, d.getValue(k) == null ? null : Json.time(java.time.OffsetDateTime.parse(d.getString(k))));
      }
      out.add(clean);
    }
    return out;
  }
}
