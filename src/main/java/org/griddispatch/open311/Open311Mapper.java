package org.griddispatch.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Json;

import java.util.Set;
import java.util.function.Supplier;

/**
 * Open311's shapes of what the server knows: the discovery document, the report categories as
 * services and a category's extra questions as its definition, ticket rows as service requests (a
 * request's id is the ticket's number) and their public steps as updates, a filed ticket as the POST
 * answer, and a token. Requests and updates are shaped for their audience: whole for an integration,
 * as the {@link PublicFeed} shows them for the public.
 */
final class Open311Mapper {
  /** The ticket statuses Open311 calls closed; every other status is open. */
  static final Set<String> CLOSED_STATUSES = Set.of("resolved", "closed", "cancelled", "merged");

  private static final String CHANGESET = "2026-11-27T00:00:00Z";

  private final Supplier<Catalog> catalog;
  private final PublicFeed feed;
  private final String baseUrl;

  Open311Mapper(Supplier<Catalog> catalog, PublicFeed feed, String baseUrl) {
    this.catalog = catalog;
    this.feed = feed;
    this.baseUrl = baseUrl;
  }

  Answer discovery() {
    JsonObject endpoint = new JsonObject().put("specification", "http://wiki.open311.org/GeoReport_v2").put("url", baseUrl)
        .put("changeset", CHANGESET).put("type", "production")
        .put("formats", new JsonArray().add("text/xml").add("application/json"));
    return Answer.document("discovery", new JsonObject().put("changeset", CHANGESET)
        .put("contact", "城厢街道综治中心 (12345)").put("key_service", "API keys are issued to channel systems by the subdistrict's administrator")
        .put("endpoints", new JsonArray().add(endpoint)));
  }

  /** The report categories only: one-window applications (subsidies, housing) are personal, made in the app or at the window. */
  Answer services() {
    JsonArray out = new JsonArray();
    for (Object o : catalog.get().categories()) {
      JsonObject c = (JsonObject) o;
      out.add(new JsonObject().put("service_code", c.getString("code")).put("service_name", c.getString("name"))
          .put("description", c.getString("nameEn")).put("metadata", !c.getJsonArray("attributes").isEmpty())
          .put("type", "realtime").put("keywords", c.getString("code").replace('_', ',')).put("group", c.getString("group")));
    }
    return Answer.list("services", "service", out);
  }

  /** A category's extra questions as attributes, in their order; 404 for an unknown code. */
  Answer definition(String serviceCode) {
    JsonObject category = catalog.get().category(serviceCode);
    if (category == null) throw new ApiError(404, "not_found", "service_code not found: " + serviceCode);
    JsonArray attributes = new JsonArray();
    int order = 1;
    for (Object o : category.getJsonArray("attributes")) {
      JsonObject a = (JsonObject) o;
      JsonObject out = new JsonObject().put("variable", true).put("code", a.getString("code"))
          .put("datatype", a.getString("datatype")).put("required", a.getBoolean("required", false))
          .put("datatype_description", a.getString("datatype_description", "")).put("order", order++)
          .put("description", a.getString("description"));
      if (a.containsKey("values")) out.put("values", a.getJsonArray("values").copy());
      attributes.add(out);
    }
    return Answer.document("service_definition", new JsonObject().put("service_code", serviceCode).put("attributes", attributes));
  }

  /** Rows of {@link Open311Queries#requests} as the audience may see them. */
  Answer requests(Iterable<Row> rows, Callers.Audience audience) {
    JsonArray out = new JsonArray();
    for (Row r : rows) out.add(audience == Callers.Audience.PUBLIC ? feed.request(request(r)) : request(r));
    return serviceRequests(out);
  }

  private JsonObject request(Row r) {
    String code = r.getString("category") != null ? r.getString("category") : r.getString("service_code");
    JsonObject service = r.getString("category") != null ? catalog.get().category(code) : catalog.get().service(code);
    return new JsonObject()
        .put("service_request_id", r.getString("number"))
        .put("status", status(r.getString("status")))
        .put("status_notes", r.getString("status_notes"))
        .put("service_name", service == null ? code : service.getString("name"))
        .put("service_code", code)
        .put("description", r.getString("description"))
        .put("agency_responsible", r.getString("agency"))
        .put("service_notice", r.getString("status"))
        .put("requested_datetime", Json.time(r.getOffsetDateTime("created_at")))
        .put("updated_datetime", Json.time(r.getOffsetDateTime("updated_at")))
        .put("expected_datetime", Json.time(r.getOffsetDateTime("resolve_by")))
        .put("address", r.getString("address"))
        .put("address_id", null)
        .put("zipcode", null)
        .put("lat", r.getDouble("lat"))
        .put("long", r.getDouble("lon"))
        .put("media_url", null);
  }

  /** Intake's answer {created, ticket} to a POST: 201 when filed now, 200 with the ticket already filed for a retry. */
  Answer filed(JsonObject intakeAnswer) {
    JsonObject t = intakeAnswer.getJsonObject("ticket");
    String notice = "merged".equals(t.getString("status")) ? "已并入相同诉求 " + t.getString("duplicateOf") : "已受理";
    return serviceRequests(new JsonArray().add(new JsonObject()
            .put("service_request_id", t.getString("number")).put("service_notice", notice).put("account_id", null)))
        .withStatus(intakeAnswer.getBoolean("created") ? 201 : 200);
  }

  /** A token stands for the request it was given for. */
  Answer token(String serviceRequestId, String token) {
    return serviceRequests(new JsonArray().add(new JsonObject().put("service_request_id", serviceRequestId).put("token", token)));
  }

  /** Rows of {@link Open311Queries#updates} as mySociety's request_update, with the note the audience may see. */
  Answer updates(Iterable<Row> rows, Callers.Audience audience) {
    JsonArray out = new JsonArray();
    for (Row r : rows) {
      String note = audience == Callers.Audience.PUBLIC ? feed.note(r.getString("category"), r.getString("note")) : r.getString("note");
      out.add(new JsonObject().put("update_id", String.valueOf(r.getLong("id"))).put("service_request_id", r.getString("number"))
          .put("status", status(r.getString("status")))
          .put("updated_datetime", Json.time(r.getOffsetDateTime("at")))
          .put("description", r.getString("type") + (note.isEmpty() ? "" : ": " + note))
          .put("media_url", ""));
    }
    return Answer.list("service_request_updates", "request_update", out);
  }

  /** The list every answer about requests is: {@code <service_requests><request/>…</service_requests>}. */
  private static Answer serviceRequests(JsonArray requests) {
    return Answer.list("service_requests", "request", requests);
  }

  private static String status(String ticketStatus) {
    return CLOSED_STATUSES.contains(ticketStatus) ? "closed" : "open";
  }
}
