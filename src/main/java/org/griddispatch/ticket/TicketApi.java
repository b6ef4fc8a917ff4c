package org.griddispatch.ticket;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.http.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The ticket routes: create (to intake), read (here), act (to the workflow). */
public final class TicketApi {
  static final Set<String> STATUSES = Set.of("received", "assigned", "accepted", "whistled", "resolved", "closed",
      "returned", "merged", "reopened", "cancelled");

  private final Vertx vertx;
  private final TicketQueries queries;

  public TicketApi(Vertx vertx, TicketQueries queries) {
    this.vertx = vertx;
    this.queries = queries;
  }

  public void mount(Router api) {
    api.post("/tickets").handler(Http.handle(this::create));
    api.get("/tickets").handler(Http.handle(this::list));
    api.get("/tickets/:id").handler(Http.handle(this::get));
    api.get("/tickets/:id/events").handler(Http.handle(this::events));
    api.post("/tickets/:id/:action").handler(Http.handle(this::act));
  }

  private void create(RoutingContext ctx) {
    Actor actor = Http.actor(ctx);
    JsonObject body = Http.body(ctx);
    String key = ctx.request().getHeader("Idempotency-Key");
    if (key != null && (key.isBlank() || key.length() > 128)) {
      throw ApiError.invalid(new JsonObject().put("Idempotency-Key", "1 to 128 characters"));
    }
    JsonObject request = new JsonObject().put("actor", actor.toJson()).put("body", body).put("idempotencyKey", key);
    vertx.eventBus().<JsonObject>request(Addresses.TICKETS_CREATE, request).map(Message::body)
        .onSuccess(answer -> {
          JsonObject ticket = answer.getJsonObject("ticket");
          ctx.response().putHeader("Location", "/api/v1/tickets/" + ticket.getString("id"));
          sendTicket(ctx, answer.getBoolean("created") ? 201 : 200, ticket, actor);
        })
        .onFailure(e -> Http.fail(ctx, e));
  }

  private void get(RoutingContext ctx) {
    Actor actor = Http.actor(ctx);
    queries.visible(actor, ctx.pathParam("id"))
        .onSuccess(t -> sendTicket(ctx, 200, t, actor))
        .onFailure(e -> Http.fail(ctx, e));
  }

  private void list(RoutingContext ctx) {
    Actor actor = Http.actor(ctx);
    Fields f = new Fields(null);
    List<String> statuses = new ArrayList<>();
    String status = Http.query(ctx, "status");
    if (status != null) {
      for (String s : status.split(",")) {
        if (!STATUSES.contains(s.strip())) f.error("status", "unknown status '" + s.strip() + "'");
        statuses.add(s.strip());
      }
    }
    int limit = 50;
    String rawLimit = Http.query(ctx, "limit");
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit);
        if (limit < 1 || limit > 200) throw new NumberFormatException();
      } catch (NumberFormatException e) {
        f.error("limit", "a whole number from 1 to 200");
      }
    }
    String mine = Http.query(ctx, "mine");
    if (mine != null && !mine.equals("true") && !mine.equals("false")) f.error("mine", "true or false");
    f.throwIfAny();
    TicketQueries.Filter filter = new TicketQueries.Filter(statuses, Http.query(ctx, "gridId"), Http.query(ctx, "deptId"),
        "true".equals(mine), limit, Http.query(ctx, "cursor"));
    Http.reply(ctx, queries.list(actor, filter).map(page -> {
      JsonArray items = new JsonArray();
      page.getJsonArray("items").forEach(t -> items.add(TicketView.render((JsonObject) t, actor)));
      return page.put("items", items);
    }));
  }

  private void events(RoutingContext ctx) {
    Actor actor = Http.actor(ctx);
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
    Actor actor = Http.actor(ctx);
    JsonObject body = Http.body(ctx);
    JsonObject request = new JsonObject().put("actor", actor.toJson()).put("ticketId", ctx.pathParam("id"))
        .put("action", ctx.pathParam("action")).put("body", body).put("ifMatch", ifMatch(ctx));
    vertx.eventBus().<JsonObject>request(Addresses.TICKETS_ACT, request).map(Message::body)
        .onSuccess(t -> sendTicket(ctx, 200, t, actor))
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
