package org.griddispatch.push;

import org.griddispatch.store.NotificationOutbox;

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
  /** A notice for some grids reaches the residents who reported from them within this many days. */
  static final int RECENT_REPORT_DAYS = 90;

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

  /**
   * A notice, for everyone or for some grids ({@code gridIds}): stored, pushed live to residents'
   * sockets, and for some grids also a message to each resident who reported from them (the
   * notification outbox, in the notice's transaction).
   */
  private void post(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!actor.has(Role.DISPATCHER) && !actor.has(Role.ADMIN)) throw ApiError.forbidden("Notices are posted by the centre");
    Fields f = new Fields(Http.body(ctx));
    f.onlyKnown(java.util.Set.of("title", "body", "gridIds"));
    String title = f.string("title", true, 100);
    String body = f.string("body", true, 4000);
    java.util.List<String> gridIds = f.strings("gridIds", false, 200, 64);
    f.throwIfAny();
    String[] grids = gridIds == null || gridIds.isEmpty() ? null : gridIds.stream().distinct().toArray(String[]::new);
    OffsetDateTime now = Times.now(clock);
    Http.reply(ctx, pool.withTransaction(conn -> (grids == null ? io.vertx.core.Future.succeededFuture(true)
            : conn.preparedQuery("SELECT count(*) = cardinality($1::text[]) FROM grids WHERE id = ANY ($1) AND active")
                .execute(Tuple.of((Object) grids)).map(rows -> rows.iterator().next().getBoolean(0)))
        .compose(known -> {
          if (!known) throw ApiError.invalid(new JsonObject().put("gridIds", "unknown grid"));
          return conn.preparedQuery("INSERT INTO announcements (title, body, author_id, created_at, grid_ids) VALUES ($1, $2, $3, $4, $5)"
              + " RETURNING id, title, body, author_id, created_at, grid_ids").execute(Tuple.of(title, body, actor.id(), now).addValue(grids));
        })
        .compose(rows -> {
          Row r = rows.iterator().next();
          JsonObject notice = toJson(r).put("authorName", actor.name());
          if (grids == null) return io.vertx.core.Future.succeededFuture(notice);
          return NotificationOutbox.enqueueNotice(conn, r.getLong("id"), grids, title, now, RECENT_REPORT_DAYS)
              .map(n -> notice.put("messages", n));
        }))
        .map(notice -> {
          JsonObject pushed = notice.copy();
          pushed.remove("messages"); // the centre's figure, not the residents'
          vertx.eventBus().publish(Addresses.PUSH_ANNOUNCEMENTS, pushed);
          return notice;
        }), 201);
  }

  private void list(RoutingContext ctx) {
    Http.reply(ctx, pool.query("SELECT id, title, body, author_id, created_at, grid_ids FROM announcements ORDER BY created_at DESC, id DESC LIMIT 50")
        .execute().map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(toJson(r)));
          return new JsonObject().put("items", items);
        }));
  }

  private static JsonObject toJson(Row r) {
    String[] grids = r.getArrayOfStrings("grid_ids");
    return new JsonObject().put("id", String.valueOf(r.getLong("id"))).put("title", r.getString("title"))
        .put("body", r.getString("body")).put("at", Json.time(r.getOffsetDateTime("created_at")))
        .put("gridIds", grids == null ? null : new JsonArray(java.util.List.of(grids)));
  }
}
