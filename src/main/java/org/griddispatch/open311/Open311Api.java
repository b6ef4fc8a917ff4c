package org.griddispatch.open311;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.UserStore;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.ticket.ReportFiler;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Json;
import org.griddispatch.common.Text;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * GeoReport v2 for the report categories (one-window applications are personal and stay off it):
 * discovery, services, services/{code}, requests (GET, POST), requests/{id},
 * tokens/{token} and servicerequestupdates, each as {@code .json} or {@code .xml}. Errors are the
 * specification's list of {code, description}. A service request id is the ticket's number.
 * Requests and their updates are read with an integration's api_key, or as the {@link PublicFeed}
 * where the jurisdiction publishes one ({@code open311.publicFeed}).
 */
public final class Open311Api {
  private static final int DEFAULT_DAYS = 90;
  private static final int MAX_ROWS = 1000;
  private static final Set<String> CLOSED = Set.of("resolved", "closed", "cancelled", "merged");

  private final Vertx vertx;
  private final Pool pool;
  private final Callers callers;
  private final PublicFeed feed;
  private final Supplier<Catalog> catalog;
  private final Clock clock;
  private final ReportFiler intake;
  private final String jurisdiction;
  private final String baseUrl;

  public Open311Api(Vertx vertx, Pool pool, UserStore users, Supplier<Catalog> catalog, Clock clock, ReportFiler intake,
                    JsonObject config) {
    this.intake = intake;
    this.vertx = vertx;
    this.pool = pool;
    this.catalog = catalog;
    this.clock = clock;
    JsonObject o = config.getJsonObject("open311", new JsonObject());
    this.callers = new Callers(users, o.getBoolean("publicFeed", false));
    this.feed = new PublicFeed(catalog);
    this.jurisdiction = o.getString("jurisdictionId", "chengxiang");
    this.baseUrl = o.getString("baseUrl", "http://localhost:" + config.getInteger("httpPort") + "/open311/v2/");
  }

  public void mount(Router router) {
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create(false).setBodyLimit(64 * 1024).setMergeFormAttributes(true));
    r.get("/:file").handler(ctx -> dispatch(ctx, ctx.pathParam("file"), null));
    r.post("/:file").handler(ctx -> dispatch(ctx, ctx.pathParam("file"), null));
    r.get("/:dir/:file").handler(ctx -> dispatch(ctx, ctx.pathParam("dir"), ctx.pathParam("file")));
    r.route().failureHandler(ctx -> fail(ctx, "json", ctx.failure() != null ? ctx.failure()
        : new ApiError(ctx.statusCode() == 413 ? 413 : 400, "bad_request", "The request could not be read")));
    router.route("/open311/v2/*").subRouter(r);
  }

  /** Splits "requests.json" into resource and format, and "services/{code}.xml" into resource, id and format. */
  private void dispatch(RoutingContext ctx, String first, String second) {
    String file = second == null ? first : second;
    int dot = file.lastIndexOf('.');
    String format = dot < 0 ? "" : file.substring(dot + 1);
    String name = dot < 0 ? file : file.substring(0, dot);
    if (!format.equals("json") && !format.equals("xml")) {
      fail(ctx, "json", new ApiError(404, "not_found", "Ask for .json or .xml"));
      return;
    }
    try {
      String j = ctx.request().getParam("jurisdiction_id");
      if (j != null && !j.equals(jurisdiction)) throw new ApiError(404, "not_found", "jurisdiction_id not found: " + j);
      boolean post = ctx.request().method().name().equals("POST");
      MultiMap params = ctx.request().params();
      Future<Answer> answer;
      if (second == null && name.equals("discovery") && !post) answer = Future.succeededFuture(discovery());
      else if (second == null && name.equals("services") && !post) answer = Future.succeededFuture(services());
      else if (second == null && name.equals("requests") && !post) answer = read(params, a -> requests(params, null, a));
      else if (second == null && name.equals("requests")) answer = create(params);
      else if (second == null && name.equals("servicerequestupdates") && !post) answer = read(params, a -> updates(params, a));
      else if ("services".equals(first) && second != null) answer = Future.succeededFuture(definition(name));
      else if ("requests".equals(first) && second != null) answer = read(params, a -> requests(params, name, a));
      else if ("tokens".equals(first) && second != null) answer = token(name);
      else throw new ApiError(404, "not_found", "No such Open311 resource");
      answer.onSuccess(a -> send(ctx, format, a.status(), a)).onFailure(e -> fail(ctx, format, e));
    } catch (RuntimeException e) {
      fail(ctx, format, e);
    }
  }

  /** Reads of requests: who is asking is settled first (401/403 before any 400). */
  private Future<Answer> read(MultiMap params, Function<Callers.Audience, Future<Answer>> reading) {
    return callers.reader(params).compose(reading);
  }

  /** A list answer with its XML root and item names. */
  record Answer(int status, String root, String item, JsonArray items, JsonObject single) {
    static Answer list(String root, String item, JsonArray items) { return new Answer(200, root, item, items, null); }
  }

  private void send(RoutingContext ctx, String format, int status, Answer a) {
    ctx.response().setStatusCode(status);
    if (format.equals("xml")) {
      ctx.response().putHeader("Content-Type", "text/xml; charset=utf-8")
          .end(a.single() != null ? Xml.document(a.root(), a.single()) : Xml.document(a.root(), a.item(), a.items()));
    } else {
      ctx.response().putHeader("Content-Type", "application/json; charset=utf-8")
          .end(a.single() != null ? a.single().encode() : a.items().encode());
    }
  }

  private void fail(RoutingContext ctx, String format, Throwable failure) {
    ApiError e = ApiError.from(failure);
    String description = e.fields() == null ? e.getMessage() : e.getMessage() + ": " + e.fields().encode();
    JsonArray errors = new JsonArray().add(new JsonObject().put("code", e.status()).put("description", description));
    send(ctx, format, e.status(), Answer.list("errors", "error", errors));
  }

  // ---- services -------------------------------------------------------------------------------

  private Answer discovery() {
    JsonObject endpoint = new JsonObject().put("specification", "http://wiki.open311.org/GeoReport_v2").put("url", baseUrl)
        .put("changeset", "2026-11-27T00:00:00Z").put("type", "production")
        .put("formats", new JsonArray().add("text/xml").add("application/json"));
    return new Answer(200, "discovery", null, null, new JsonObject().put("changeset", "2026-11-27T00:00:00Z")
        .put("contact", "城厢街道综治中心 (12345)").put("key_service", "API keys are issued to channel systems by the subdistrict's administrator")
        .put("endpoints", new JsonArray().add(endpoint)));
  }

  private Answer services() {
    JsonArray out = new JsonArray();
    for (Object o : catalog.get().categories()) {
      JsonObject c = (JsonObject) o;
      out.add(new JsonObject().put("service_code", c.getString("code")).put("service_name", c.getString("name"))
          .put("description", c.getString("nameEn")).put("metadata", !c.getJsonArray("attributes").isEmpty())
          .put("type", "realtime").put("keywords", c.getString("code").replace('_', ',')).put("group", c.getString("group")));
    }
    // one-window applications (subsidies, housing) are personal: they are made in the app or at the window
    return Answer.list("services", "service", out);
  }

  private Answer definition(String code) {
    JsonObject category = catalog.get().category(code);
    if (category == null) throw new ApiError(404, "not_found", "service_code not found: " + code);
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
    return new Answer(200, "service_definition", null, null, new JsonObject().put("service_code", code).put("attributes", attributes));
  }

  // ---- requests -------------------------------------------------------------------------------

  /** POST requests: form fields become an ordinary ticket through intake, filed by the api_key's integration account. */
  private Future<Answer> create(MultiMap form) {
    String key = form.get("api_key");
    if (key == null || key.isBlank()) return Future.failedFuture(new ApiError(403, "forbidden", "api_key is required"));
    return callers.integration(key).compose(integration -> {
      JsonObject body = ticketBody(form);
      return intake.file(integration, body, null).map(answer -> {
        JsonObject t = answer.getJsonObject("ticket");
        String notice = "merged".equals(t.getString("status")) ? "已并入相同诉求 " + t.getString("duplicateOf") : "已受理";
        return new Answer(answer.getBoolean("created") ? 201 : 200, "service_requests", "request", new JsonArray().add(new JsonObject()
            .put("service_request_id", t.getString("number")).put("service_notice", notice).put("account_id", null)), null);
      });
    });
  }

  private JsonObject ticketBody(MultiMap form) {
    checkText(form);
    String code = form.get("service_code");
    if (code == null || code.isBlank()) throw ApiError.invalid(new JsonObject().put("service_code", "required"));
    JsonObject body = new JsonObject().put("channel", "open311");
    if (catalog.get().category(code) == null) throw new ApiError(400, "bad_request", "service_code not found: " + code);
    body.put("category", code);
    String lat = form.get("lat");
    String lon = form.get("long");
    if (lat != null || lon != null) {
      Double la = Text.finiteNumber(lat);
      Double lo = Text.finiteNumber(lon);
      if (la == null || lo == null) throw ApiError.invalid(new JsonObject().put("lat", "lat and long must both be numbers"));
      body.put("location", new JsonObject().put("lat", la).put("lon", lo));
    }
    if (form.get("address_string") != null) body.put("address", form.get("address_string"));
    if (body.getValue("location") == null && body.getValue("address") == null) {
      throw new ApiError(400, "bad_request", "lat/long or address_string is required");
    }
    body.put("description", form.get("description"));
    String name = String.join(" ", List.of(form.get("first_name") == null ? "" : form.get("first_name"),
        form.get("last_name") == null ? "" : form.get("last_name"))).strip();
    JsonObject contact = new JsonObject();
    if (!name.isEmpty()) contact.put("name", name);
    if (form.get("phone") != null) contact.put("phone", form.get("phone"));
    if (!contact.isEmpty()) body.put("contact", contact);
    JsonObject attributes = new JsonObject();
    for (String k : form.names()) {
      if (k.startsWith("attribute[") && k.endsWith("]")) {
        List<String> values = form.getAll(k);
        String code2 = k.substring(10, k.length() - 1);
        JsonObject category = catalog.get().category(code);
        boolean multi = category != null && category.getJsonArray("attributes").stream()
            .anyMatch(a -> code2.equals(((JsonObject) a).getString("code")) && "multivaluelist".equals(((JsonObject) a).getString("datatype")));
        attributes.put(code2, multi ? new JsonArray(new ArrayList<>(values)) : values.get(0));
      }
    }
    if (!attributes.isEmpty() && body.getString("category") != null) body.put("attributes", attributes);
    if (form.get("media_url") != null && body.getString("description") != null) {
      body.put("description", body.getString("description") + "\n" + form.get("media_url"));
    }
    return body;
  }

  /** The form's names and values follow the rules of every stored text (a JSON body's are checked by {@code Http.body}). */
  private static void checkText(MultiMap form) {
    for (java.util.Map.Entry<String, String> field : form) {
      String badName = Text.problem(field.getKey());
      String why = badName != null ? badName : Text.problem(field.getValue());
      if (why != null) throw ApiError.invalid(new JsonObject().put(badName != null ? "field name" : field.getKey(), why));
    }
  }

  private static final String REQUEST_COLUMNS = """
      t.id, t.number, t.status, t.category, t.service_code, t.description, t.address, t.lat, t.lon, t.created_at,
      t.updated_at, t.resolve_by,
      (SELECT e.data->>'note' FROM ticket_events e WHERE e.ticket_id = t.id AND e.type = 'resolved'
         ORDER BY e.seq DESC LIMIT 1) AS status_notes,
      coalesce((SELECT string_agg(d.name, ', ' ORDER BY d.id) FROM departments d WHERE d.id = ANY(t.dept_ids)),
               (SELECT g.name FROM grids g WHERE g.id = t.grid_id), '城厢街道综治中心') AS agency""";

  private Future<Answer> requests(MultiMap q, String single, Callers.Audience audience) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    List<String> ids = single != null ? List.of(single) : split(q.get("service_request_id"));
    List<String> codes = split(q.get("service_code"));
    OffsetDateTime end = time(q.get("end_date"), "end_date");
    OffsetDateTime start = time(q.get("start_date"), "start_date");
    if (ids.isEmpty()) {
      if (end == null) end = start != null ? start.plusDays(DEFAULT_DAYS) : now;
      if (start == null) start = end.minusDays(DEFAULT_DAYS);
      if (start.isAfter(end)) throw new ApiError(400, "bad_request", "start_date is after end_date");
      if (Duration.between(start, end).toDays() > DEFAULT_DAYS) {
        throw new ApiError(400, "bad_request", "start_date and end_date may be at most " + DEFAULT_DAYS + " days apart");
      }
    }
    String status = q.get("status");
    if (status != null && !Set.of("open", "closed").contains(status)) throw new ApiError(400, "bad_request", "status is open or closed");
    int pageSize = integer(q.get("page_size"), MAX_ROWS, "page_size", MAX_ROWS);
    int page = integer(q.get("page"), 1, "page", Integer.MAX_VALUE);
    OffsetDateTime after = time(q.get("updated_after"), "updated_after");
    OffsetDateTime before = time(q.get("updated_before"), "updated_before");
    Tuple params = Tuple.tuple()
        .addValue(ids.isEmpty() ? null : ids.toArray(String[]::new))
        .addValue(codes.isEmpty() ? null : codes.toArray(String[]::new))
        .addValue(start).addValue(end)
        .addValue(status == null ? null : CLOSED.toArray(String[]::new)).addValue("closed".equals(status))
        .addValue(after).addValue(before).addValue(pageSize).addValue((long) (page - 1) * pageSize);
    return pool.preparedQuery("SELECT " + REQUEST_COLUMNS + " FROM tickets t WHERE t.kind = 'issue'"
            + " AND ($1::text[] IS NULL OR t.number = ANY($1))"
            + " AND ($2::text[] IS NULL OR coalesce(t.category, t.service_code) = ANY($2))"
            + " AND ($3::timestamptz IS NULL OR t.created_at >= $3) AND ($4::timestamptz IS NULL OR t.created_at <= $4)"
            + " AND ($5::text[] IS NULL OR (t.status = ANY($5)) = $6)"
            + " AND ($7::timestamptz IS NULL OR t.updated_at > $7) AND ($8::timestamptz IS NULL OR t.updated_at < $8)"
            + " ORDER BY t.created_at DESC, t.id DESC LIMIT $9 OFFSET $10")
        .execute(params)
        .map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) out.add(audience == Callers.Audience.PUBLIC ? feed.request(request(r)) : request(r));
          if (single != null && out.isEmpty()) throw new ApiError(404, "not_found", "service_request_id not found: " + single);
          return Answer.list("service_requests", "request", out);
        });
  }

  private JsonObject request(Row r) {
    String code = r.getString("category") != null ? r.getString("category") : r.getString("service_code");
    JsonObject service = r.getString("category") != null ? catalog.get().category(code) : catalog.get().service(code);
    return new JsonObject()
        .put("service_request_id", r.getString("number"))
        .put("status", CLOSED.contains(r.getString("status")) ? "closed" : "open")
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

  /** Requests are filed at once, so a token is the request itself: tokens/{ticket id}. */
  private Future<Answer> token(String token) {
    java.util.UUID id;
    try {
      id = java.util.UUID.fromString(token);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new ApiError(404, "not_found", "token not found: " + token));
    }
    return pool.preparedQuery("SELECT number FROM tickets WHERE id = $1").execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) throw new ApiError(404, "not_found", "token not found: " + token);
      return Answer.list("service_requests", "request", new JsonArray().add(new JsonObject()
          .put("service_request_id", rows.iterator().next().getString(0)).put("token", token)));
    });
  }

  /**
   * What the public may know of a request's progress: its steps, and the handler's resolution note.
   * Comments, reasons (returns, reopenings, holds, urgings) and one-window applications stay private.
   */
  private static final String[] PUBLIC_EVENTS = {"created", "assigned", "accepted", "whistled", "reported", "reassigned",
      "resolved", "reopened", "closed", "merged", "cancelled"};

  /** mySociety's extension: each public step of a request as an update. */
  private Future<Answer> updates(MultiMap q, Callers.Audience audience) {
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime end = time(q.get("end_date"), "end_date");
    OffsetDateTime start = time(q.get("start_date"), "start_date");
    if (end == null) end = now;
    if (start == null) start = end.minusDays(1);
    if (Duration.between(start, end).toDays() > DEFAULT_DAYS) {
      throw new ApiError(400, "bad_request", "start_date and end_date may be at most " + DEFAULT_DAYS + " days apart");
    }
    return pool.preparedQuery("""
            SELECT e.id, t.number, t.status, t.category, e.type, e.at,
                   CASE WHEN e.type = 'resolved' THEN coalesce(e.data->>'note', '') ELSE '' END AS note
            FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
            WHERE e.at >= $1 AND e.at <= $2 AND t.kind = 'issue' AND e.type = ANY($4)
            ORDER BY e.at, e.id LIMIT $3""")
        .execute(Tuple.of(start, end, MAX_ROWS, PUBLIC_EVENTS)).map(rows -> {
          JsonArray out = new JsonArray();
          for (Row r : rows) {
            String note = audience == Callers.Audience.PUBLIC ? feed.note(r.getString("category"), r.getString("note")) : r.getString("note");
            out.add(new JsonObject().put("update_id", String.valueOf(r.getLong("id"))).put("service_request_id", r.getString("number"))
                .put("status", CLOSED.contains(r.getString("status")) ? "closed" : "open")
                .put("updated_datetime", Json.time(r.getOffsetDateTime("at")))
                .put("description", r.getString("type") + (note.isEmpty() ? "" : ": " + note))
                .put("media_url", ""));
          }
          return Answer.list("service_request_updates", "request_update", out);
        });
  }

  private static List<String> split(String csv) {
    List<String> out = new ArrayList<>();
    if (csv != null) for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.strip());
    return out;
  }

  private static OffsetDateTime time(String raw, String name) {
    if (raw == null || raw.isBlank()) return null;
    try {
      return OffsetDateTime.parse(raw.strip().replace(' ', '+'));
    } catch (DateTimeParseException e) {
      throw new ApiError(400, "bad_request", name + " must be a W3C date-time with offset, e.g. 2026-11-27T08:00:00+08:00");
    }
  }

  private static int integer(String raw, int fallback, String name, int max) {
    if (raw == null || raw.isBlank()) return fallback;
    try {
      int v = Integer.parseInt(raw.strip());
      if (v < 1 || v > max) throw new NumberFormatException();
      return v;
    } catch (NumberFormatException e) {
      throw new ApiError(400, "bad_request", name + " must be a whole number from 1 to " + max);
    }
  }

}
