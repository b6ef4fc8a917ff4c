package org.griddispatch.ticket;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.web.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The ticket routes: create (to intake), read (here), act and add photos (through {@link TicketChanges}). */
public final class TicketApi {
  private final Vertx vertx;
  private final TicketQueries queries;
  private final Attachments attachments;
  private final TicketChanges changes;
  private final ReportFiler intake;

  public TicketApi(Vertx vertx, TicketQueries queries, Attachments attachments, TicketChanges changes, ReportFiler intake) {
    this.vertx = vertx;
    this.queries = queries;
    this.attachments = attachments;
    this.changes = changes;
    this.intake = intake;
  }

  /** Photo uploads read a larger body than other routes; mount before the router's own body handler. */
  public static void mountUploadBody(Router api, String uploadsDir, long maxBytes) {
    api.post("/tickets/:id/attachments").handler(io.vertx.ext.web.handler.BodyHandler.create(uploadsDir)
        .setBodyLimit(maxBytes).setDeleteUploadedFilesOnEnd(true));
  }

  public void mount(Router api) {
    api.get("/meta").handler(ctx -> Http.json(ctx, 200, Vocabulary.describe()));
    api.post("/tickets").handler(Http.handle(this::create));
    api.post("/tickets/bulk").handler(Http.handle(ctx -> Http.reply(ctx, new Bulk(changes).run(Actor.of(ctx), Http.body(ctx)))));
    api.get("/tickets").handler(Http.handle(this::list));
    api.get("/tickets/nearby").handler(Http.handle(this::nearby));
    api.post("/tickets/nearby/follow").handler(Http.handle(this::followNearby));
    api.get("/tickets/:id").handler(Http.handle(this::get));
    api.get("/tickets/:id/events").handler(Http.handle(this::events));
    api.post("/tickets/:id/attachments").handler(Http.handle(this::attach));
    api.get("/tickets/:id/attachments/:attachmentId").handler(Http.handle(this::photo));
    api.post("/tickets/:id/:action").handler(Http.handle(this::act));
  }

  /** The request's Idempotency-Key: null when absent, 400 when empty or longer than 128 characters. */
  private static String idempotencyKey(RoutingContext ctx) {
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && (key.isBlank() || key.length() > 128)) {
      throw ApiError.invalid(new JsonObject().put("Idempotency-Key", "1 to 128 characters"));
    }
    return key;
  }

  private void create(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    JsonObject body = Http.body(ctx);
    String key = idempotencyKey(ctx);
    intake.file(actor, body, key)
        .onSuccess(answer -> {
          JsonObject ticket = answer.getJsonObject("ticket");
          ctx.response().putHeader("Location", "/api/v1/tickets/" + ticket.getString("id"));
          sendTicket(ctx, answer.getBoolean("created") ? 201 : 200, ticket, actor);
        })
        .onFailure(e -> Http.fail(ctx, e));
  }

  /**
   * Open reports of a category near a point, as a resident types ("is it one of these?"): no
   * personal data, only what a public map of reports would show.
   */
  private void nearby(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    Fields f = new Fields(null);
    Double lat = Http.coordinate(f, ctx, "lat", 90);
    Double lon = Http.coordinate(f, ctx, "lon", 180);
    String category = Http.query(ctx, "category");
    if (category == null) f.error("category", "required");
    f.throwIfAny();
    // residents learn that a similar report exists, not what another resident wrote
    Http.reply(ctx, queries.nearby(category, lat, lon, TicketQueries.NEARBY_METERS, actor.role().isStaff()).map(items -> new JsonObject().put("items", items)));
  }

  /** A resident's "this is the same problem": they follow the open report nearby instead of filing another. */
  private void followNearby(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    intake.follow(actor, Http.body(ctx)).onSuccess(t -> sendTicket(ctx, 200, t, actor)).onFailure(e -> Http.fail(ctx, e));
  }

  private void get(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    queries.visible(actor, ctx.pathParam("id"))
        .onSuccess(t -> sendTicket(ctx, 200, t, actor))
        .onFailure(e -> Http.fail(ctx, e));
  }

  private void list(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    Fields f = new Fields(null);
    List<String> statuses = new ArrayList<>();
    String status = Http.query(ctx, "status");
    if (status != null) {
      for (String s : status.split(",")) {
        if (!Vocabulary.STATES.contains(s.strip())) f.error("status", "unknown status '" + s.strip() + "'");
        statuses.add(s.strip());
      }
    }
    int limit = Http.pageLimit(f, ctx);
    String mine = Http.query(ctx, "mine");
    if (mine != null && !mine.equals("true") && !mine.equals("false")) f.error("mine", "true or false");
    String awaiting = Http.query(ctx, "awaiting");
    if (awaiting != null && !TicketQueries.AWAITING.containsKey(awaiting)) f.error("awaiting", "one of " + TicketQueries.AWAITING.keySet());
    String q = Http.query(ctx, "q");
    if (q != null) {
      if (!actor.role().isStaff()) throw ApiError.forbidden("Search is for staff");
      if (q.isBlank()) f.error("q", "must not be empty");
      else if (q.strip().length() > Search.MAX_LENGTH) f.error("q", "at most " + Search.MAX_LENGTH + " characters");
      else if (org.griddispatch.common.Text.problem(q.strip()) != null) f.error("q", org.griddispatch.common.Text.problem(q.strip()));
    }
    f.throwIfAny();
    TicketQueries.Filter filter = new TicketQueries.Filter(statuses, Http.query(ctx, "gridId"), Http.query(ctx, "deptId"),
        "true".equals(mine), limit, Http.query(ctx, "cursor"), awaiting, q == null ? null : q.strip());
    Http.reply(ctx, queries.list(actor, filter).map(page -> {
      JsonArray items = new JsonArray();
      page.getJsonArray("items").forEach(t -> items.add(TicketView.render((JsonObject) t, actor)));
      return page.put("items", items);
    }));
  }

  private void events(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    int after = 0;
    String raw = Http.query(ctx, "after");
    if (raw != null) {
      try {
        after = Integer.parseInt(raw);
        if (after < 0) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        throw ApiError.invalid(new JsonObject().put("after", "a whole number, 0 or more"));
      }
    }
    Http.reply(ctx, queries.events(actor, ctx.pathParam("id"), after));
  }

  private void act(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    JsonObject body = Http.body(ctx);
    changes.act(actor, ctx.pathParam("id"), ctx.pathParam("action"), body, ifMatch(ctx), idempotencyKey(ctx))
        .onSuccess(t -> sendTicket(ctx, 200, t, actor))
        .onFailure(e -> Http.fail(ctx, e));
  }

  private void attach(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    var files = ctx.fileUploads().stream().filter(f -> "file".equals(f.name())).toList();
    if (files.size() != 1) throw ApiError.invalid(new JsonObject().put("file", "send exactly one photo as multipart field 'file'"));
    String phase = ctx.request().getFormAttribute("phase");
    if (phase != null && !Set.of("report", "before", "after").contains(phase)) {
      throw ApiError.invalid(new JsonObject().put("phase", "report, before or after"));
    }
    String ticketId = ctx.pathParam("id");
    String key = idempotencyKey(ctx);
    String phaseOrDefault = phase != null ? phase : actor.role().wire().equals("resident") ? "report" : "after";
    Http.reply(ctx, vertx.fileSystem().readFile(files.get(0).uploadedFileName())
        .compose(bytes -> attachments.add(actor, ticketId, bytes, phaseOrDefault, key)), 201);
  }

  private void photo(RoutingContext ctx) {
    attachments.get(Actor.of(ctx), ctx.pathParam("id"), ctx.pathParam("attachmentId"), queries)
        .onSuccess(p -> ctx.response().putHeader("Content-Type", p.contentType()).putHeader("X-Content-Type-Options", "nosniff")
            .putHeader("Cache-Control", "private, max-age=3600").end(p.data()))
        .onFailure(e -> Http.fail(ctx, e));
  }

  /** If-Match carries the version as an ETag: "3", W/"3" or 3. */
  private static Integer ifMatch(RoutingContext ctx) {
    String raw = ctx.request().getHeader("If-Match");
    if (raw == null || raw.isBlank()) return null;
    String v = raw.strip();
    if (v.startsWith("W/")) v = v.substring(2);
    v = v.replace("\"", "");
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw ApiError.invalid(new JsonObject().put("If-Match", "the ticket's version as an ETag, e.g. \"3\""));
    }
  }

  private static void sendTicket(RoutingContext ctx, int status, JsonObject record, Actor viewer) {
    ctx.response().putHeader("ETag", "\"" + record.getInteger("version") + "\"");
    Http.json(ctx, status, TicketView.render(record, viewer));
  }
}
