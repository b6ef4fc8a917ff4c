package org.griddispatch.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Keyset;
import org.griddispatch.common.Times;
import org.griddispatch.store.AuditLog;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * The admin's webhooks: {@code POST /admin/webhooks} (201 {id}), {@code GET /admin/webhooks},
 * {@code DELETE /admin/webhooks/{id}}, {@code GET /admin/webhooks/{id}/deliveries?status=&limit=} and
 * {@code POST /admin/webhooks/{id}/deliveries/{deliveryId}/retry}. The centre watches the deliveries
 * too: dispatchers and supervisors read the health and the deliveries, and dispatchers send a
 * dead-lettered one again once its receiver is back. Each change is audited in its transaction ({@code webhook.create}, {@code webhook.delete}, {@code webhook.retry}); the secret is
 * never in an answer or an audit row.
 */
public final class WebhooksApi {
  private static final Set<String> STATUSES = Set.of("pending", "sent", "failed");

  private final Pool pool;
  private final Clock clock;

  public WebhooksApi(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.post("/admin/webhooks").handler(Http.handle(this::create));
    api.get("/admin/webhooks").handler(Http.handle(ctx -> {
      admin(ctx);
      Http.reply(ctx, WebhookStore.list(pool).map(items -> new JsonObject().put("items", items)));
    }));
    api.delete("/admin/webhooks/:id").handler(Http.handle(this::delete));
    api.get("/admin/webhooks/health").handler(Http.handle(this::health));
    api.get("/admin/webhooks/:id/deliveries").handler(Http.handle(this::deliveries));
    api.post("/admin/webhooks/:id/deliveries/:deliveryId/retry").handler(Http.handle(this::retry));
  }

  /** The 回单's photo links, outside {@code /api/v1}: the link's signature is the receiver's credential. */
  public void mountLinks(Router router) {
    router.get("/webhook-photos/:webhookId/:attachmentId").handler(Http.handle(this::photo));
  }

  private void photo(RoutingContext ctx) {
    UUID webhookId = id(ctx.pathParam("webhookId"), "Photo");
    UUID attachmentId = id(ctx.pathParam("attachmentId"), "Photo");
    String signature = Http.query(ctx, "signature");
    long expires;
    try {
      expires = Long.parseLong(Http.query(ctx, "expires"));
    } catch (NumberFormatException e) {
      throw new ApiError(403, "link_invalid", "This photo link is not valid");
    }
    if (Times.now(clock).toEpochSecond() > expires) throw new ApiError(403, "link_expired", "This photo link has expired");
    pool.preparedQuery("""
            SELECT w.secret, w.account_id, t.created_by, a.content_type, a.data
            FROM webhooks w, attachments a JOIN tickets t ON t.id = a.ticket_id WHERE w.id = $1 AND a.id = $2""")
        .execute(io.vertx.sqlclient.Tuple.of(webhookId, attachmentId))
        .onSuccess(rows -> {
          io.vertx.sqlclient.Row r = rows.size() == 0 ? null : rows.iterator().next();
          if (r == null) {
            Http.fail(ctx, ApiError.notFound("Photo"));
          } else if (!PhotoLinks.valid(r.getString("secret"), webhookId, attachmentId, expires, signature)) {
            Http.fail(ctx, new ApiError(403, "link_invalid", "This photo link is not valid"));
          } else if (r.getString("account_id") != null && !r.getString("account_id").equals(r.getString("created_by"))) {
            Http.fail(ctx, ApiError.notFound("Photo")); // a subscription by account sees only that account's tickets
          } else {
            ctx.response().putHeader("Content-Type", r.getString("content_type")).putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Cache-Control", "private, max-age=3600").end(r.getBuffer("data"));
          }
        })
        .onFailure(e -> Http.fail(ctx, e));
  }

  private void create(RoutingContext ctx) {
    Actor admin = admin(ctx);
    WebhookRequest req = WebhookRequest.parse(Http.body(ctx));
    UUID id = UUID.randomUUID();
    OffsetDateTime now = Times.now(clock);
    Http.reply(ctx, pool.withTransaction(conn -> (req.accountId() == null ? Future.succeededFuture(true)
            : WebhookStore.accountExists(conn, req.accountId()))
        .compose(exists -> {
          if (!exists) throw WebhookRequest.unknownAccount();
          return WebhookStore.insert(conn, id, req, now, admin.id());
        })
        .compose(v -> WebhookStore.read(conn, id))
        .compose(after -> audit(conn, admin, now, "webhook.create", id, null, after)))
        .map(v -> new JsonObject().put("id", id.toString())), 201);
  }

  private void delete(RoutingContext ctx) {
    Actor admin = admin(ctx);
    UUID id = id(ctx.pathParam("id"), "Webhook");
    OffsetDateTime now = Times.now(clock);
    pool.withTransaction(conn -> WebhookStore.lock(conn, id).compose(before -> {
      if (before == null) throw ApiError.notFound("Webhook");
      return WebhookStore.delete(conn, id).compose(v -> audit(conn, admin, now, "webhook.delete", id, before, null));
    })).onComplete(ar -> {
      if (ar.failed()) Http.fail(ctx, ar.cause());
      else ctx.response().setStatusCode(204).end();
    });
  }

  private void deliveries(RoutingContext ctx) {
    watcher(ctx);
    UUID id = id(ctx.pathParam("id"), "Webhook");
    Fields f = new Fields(null);
    int limit = Http.pageLimit(f, ctx);
    String status = Http.query(ctx, "status");
    if (status != null && !STATUSES.contains(status)) f.error("status", "one of pending, sent, failed");
    f.throwIfAny();
    String cursor = Http.query(ctx, "cursor");
    Keyset after = cursor == null ? null : Keyset.decode(cursor);
    if (after != null && !after.key().matches("[0-9a-f-]{36}")) throw Keyset.invalid();
    Http.reply(ctx, WebhookStore.read(pool, id).compose(webhook -> {
      if (webhook == null) throw ApiError.notFound("Webhook");
      return Deliveries.list(pool, id, status, limit, after);
    }));
  }

  /**
   * {@code GET /admin/webhooks/health}: per subscription, what waits, what failed for good, how old
   * the oldest waiting delivery is and what its receiver last answered; for the admin and the centre.
   */
  private void health(RoutingContext ctx) {
    watcher(ctx);
    Http.reply(ctx, Deliveries.health(pool, Times.now(clock)).map(items -> new JsonObject().put("items", items)
        .put("pending", items.stream().mapToLong(i -> ((JsonObject) i).getLong("pending")).sum())
        .put("failed", items.stream().mapToLong(i -> ((JsonObject) i).getLong("failed")).sum())));
  }

  private void retry(RoutingContext ctx) {
    Actor admin = Actor.of(ctx);
    if (!(admin.has(Role.ADMIN) || admin.has(Role.DISPATCHER))) throw ApiError.forbidden("A delivery is sent again by the centre or the admin");
    UUID id = id(ctx.pathParam("id"), "Webhook");
    UUID deliveryId = id(ctx.pathParam("deliveryId"), "Delivery");
    OffsetDateTime now = Times.now(clock);
    Http.reply(ctx, pool.withTransaction(conn -> Deliveries.retry(conn, id, deliveryId).compose(after -> {
      if (after == null) throw ApiError.notFound("Delivery");
      return audit(conn, admin, now, "webhook.retry", id, new JsonObject().put("deliveryId", deliveryId.toString())
          .put("status", "failed"), after).map(after);
    })));
  }

  private static Future<Void> audit(io.vertx.sqlclient.SqlConnection conn, Actor admin, OffsetDateTime now, String action,
                                    UUID id, JsonObject before, JsonObject after) {
    return AuditLog.write(conn, now, admin.id(), admin.role().wire(), admin.name(), action, "webhook:" + id, before, after);
  }

  /** The admin and the centre (dispatchers, supervisors) watch how deliveries stand. */
  private static void watcher(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!(actor.has(Role.ADMIN) || actor.has(Role.DISPATCHER) || actor.has(Role.SUPERVISOR))) {
      throw ApiError.forbidden("Delivery health is for the centre and the admin");
    }
  }

  private static Actor admin(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!actor.has(Role.ADMIN)) throw ApiError.forbidden("Webhooks are an admin's");
    return actor;
  }

  private static UUID id(String raw, String what) {
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound(what);
    }
  }
}
