package org.griddispatch.push;

import org.griddispatch.common.Times;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.time.OffsetDateTime;

/** Policy notices (政策宣传): posted by the centre, kept, and pushed live to residents' sockets. */
public final class AnnouncementApi {
  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;

  public AnnouncementApi(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.post("/announcements").handler(Http.handle(this::post));
    api.get("/announcements").handler(Http.handle(this::list));
  }

  private void post(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!actor.has(Role.DISPATCHER) && !actor.has(Role.ADMIN)) throw ApiError.forbidden("Notices are posted by the centre");
    Fields f = new Fields(Http.body(ctx));
    f.onlyKnown(java.util.Set.of("title", "body"));
    String title = f.string("title", true, 100);
    String body = f.string("body", true, 4000);
    f.throwIfAny();
    OffsetDateTime now = Times.now(clock);
    Http.reply(ctx, pool.preparedQuery("INSERT INTO announcements (title, body, author_id, created_at) VALUES ($1, $2, $3, $4)"
            + " RETURNING id, title, body, author_id, created_at")
        .execute(Tuple.of(title, body, actor.id(), now))
        .map(rows -> {
          JsonObject notice = toJson(rows.iterator().next()).put("authorName", actor.name());
          vertx.eventBus().publish(Addresses.PUSH_ANNOUNCEMENTS, notice);
          return notice;
        }), 201);
  }

  private void list(RoutingContext ctx) {
    Http.reply(ctx, pool.query("SELECT id, title, body, author_id, created_at FROM announcements ORDER BY created_at DESC, id DESC LIMIT 50")
        .execute().map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(toJson(r)));
          return new JsonObject().put("items", items);
        }));
  }

  private static JsonObject toJson(Row r) {
    return new JsonObject().put("id", String.valueOf(r.getLong("id"))).put("title", r.getString("title"))
        .put("body", r.getString("body")).put("at", Json.time(r.getOffsetDateTime("created_at")));
  }
}
