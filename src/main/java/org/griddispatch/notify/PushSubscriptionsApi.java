package org.griddispatch.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.common.Times;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

/**
 * A signed-in grid worker's or resident's browsers that agreed to be told by Web Push, each managed by
 * its own user only: {@code GET /push/key} (the VAPID public key the page subscribes with),
 * {@code GET /push/subscriptions} (one's own), {@code POST /push/subscriptions} ({@code {endpoint,
 * keys: {p256dh, auth}}}, as the browser's {@code PushSubscription.toJSON()} gives it; the same
 * endpoint again replaces its keys) and {@code DELETE /push/subscriptions/{id}}. A user keeps at most
 * {@value #MAX_PER_USER} browsers; a newer one ends the oldest.
 */
public final class PushSubscriptionsApi {
  static final int MAX_PER_USER = 10;
  private static final Set<Role> WHO = Set.of(Role.GRID_WORKER, Role.RESIDENT);

  private final Pool pool;
  private final Clock clock;
  private final WebPushSender.PushSettings settings;
  private final JsonObject config;
  private Future<VapidKeys> keys;

  public PushSubscriptionsApi(Pool pool, Clock clock, JsonObject config) {
    this.pool = pool;
    this.clock = clock;
    this.config = config;
    this.settings = WebPushSender.PushSettings.from(config);
  }

  public void mount(Router api) {
    api.get("/push/key").handler(Http.handle(ctx -> {
      who(ctx);
      Http.reply(ctx, keys().map(k -> new JsonObject().put("publicKey", k.publicKeyText())));
    }));
    api.get("/push/subscriptions").handler(Http.handle(this::list));
    api.post("/push/subscriptions").handler(Http.handle(this::create));
    api.delete("/push/subscriptions/:id").handler(Http.handle(this::delete));
  }

  private Future<VapidKeys> keys() {
    if (keys == null || keys.failed()) keys = VapidKeys.load(pool, config);
    return keys;
  }

  private static Actor who(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!WHO.contains(actor.role())) throw ApiError.forbidden("Push notifications are for grid workers and residents");
    return actor;
  }

  private void list(RoutingContext ctx) {
    Actor me = who(ctx);
    Http.reply(ctx, pool.preparedQuery("SELECT id, endpoint, created_at FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at, id")
        .execute(Tuple.of(me.id())).map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) items.add(toJson(r));
          return new JsonObject().put("items", items);
        }));
  }

  private void create(RoutingContext ctx) {
    Actor me = who(ctx);
    Fields f = new Fields(Http.body(ctx));
    f.onlyKnown(Set.of("endpoint", "keys", "expirationTime"));
    String endpoint = f.string("endpoint", true, 2000);
    if (endpoint != null) {
      if (settings.check(endpoint) != null) f.error("endpoint", "the https address of a known push service");
    }
    JsonObject given = f.object("keys", true);
    String p256dh = null;
    String auth = null;
    if (given != null) {
      f.onlyKnown(given, "keys.", Set.of("p256dh", "auth"));
      p256dh = f.string(given, "p256dh", "keys.p256dh", true, 200);
      auth = f.string(given, "auth", "keys.auth", true, 100);
      if (p256dh != null) {
        try {
          WebPush.publicKey(WebPush.unb64(p256dh));
        } catch (IllegalArgumentException e) {
          f.error("keys.p256dh", "the browser's P-256 public key, base64url");
        }
      }
      if (auth != null) {
        try {
          if (WebPush.unb64(auth).length != 16) f.error("keys.auth", "the browser's 16-byte auth secret, base64url");
        } catch (IllegalArgumentException e) {
          f.error("keys.auth", "the browser's 16-byte auth secret, base64url");
        }
      }
    }
    f.throwIfAny();
    OffsetDateTime now = Times.now(clock);
    String key = WebPush.b64(WebPush.unb64(p256dh));
    String secret = WebPush.b64(WebPush.unb64(auth));
    Future<Row> saved = pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (user_id, endpoint) DO UPDATE SET p256dh = excluded.p256dh, auth = excluded.auth
            RETURNING id, endpoint, created_at, (xmax = 0) AS created""")
        .execute(Tuple.of(me.id(), endpoint, key, secret, now))
        .compose(rows -> conn.preparedQuery("""
                DELETE FROM push_subscriptions WHERE id IN (
                  SELECT id FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at DESC, id DESC OFFSET $2)""")
            .execute(Tuple.of(me.id(), MAX_PER_USER)).map(rows.iterator().next())));
    saved.onComplete(ar -> {
      if (ar.failed()) Http.fail(ctx, ar.cause());
      else Http.json(ctx, ar.result().getBoolean("created") ? 201 : 200, toJson(ar.result()));
    });
  }

  private void delete(RoutingContext ctx) {
    Actor me = who(ctx);
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw ApiError.notFound("Push subscription");
    }
    // someone else's subscription is not there for this user: 404, as for one that does not exist
    pool.preparedQuery("DELETE FROM push_subscriptions WHERE id = $1 AND user_id = $2").execute(Tuple.of(id, me.id()))
        .onComplete(ar -> {
          if (ar.failed()) Http.fail(ctx, ar.cause());
          else if (ar.result().rowCount() == 0) Http.fail(ctx, ApiError.notFound("Push subscription"));
          else ctx.response().setStatusCode(204).end();
        });
  }

  private static JsonObject toJson(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("endpoint", r.getString("endpoint"))
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")));
  }
}
