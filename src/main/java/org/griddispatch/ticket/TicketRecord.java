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
      rating_comment, rated_at, created_at, updated_at""";

  public static JsonObject fromRow(Row r) {
    Double lat = r.getDouble("lat");
    Double lon = r.getDouble("lon");
    Object duplicateOf = r.getValue("duplicate_of");
    JsonObject rating = r.getString("rating") == null ? null : new JsonObject()
        .put("rating", r.getString("rating")).put("comment", r.getString("rating_comment"))
        .put("at", Json.time(r.getOffsetDateTime("rated_at")));
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
        .put("updatedAt", Json.time(r.getOffsetDateTime("updated_at")));
  }
}
