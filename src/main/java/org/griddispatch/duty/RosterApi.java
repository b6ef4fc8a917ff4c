package org.griddispatch.duty;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Times;
import org.griddispatch.store.AuditLog;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * A grid worker's duty roster: {@code GET} (the centre, admins, the worker), {@code PUT} (an admin:
 * create 201, replace 200) and {@code DELETE} (an admin: back to the on-duty switch alone) at
 * {@code /admin/users/{id}/roster}. Each change is audited in its transaction (action
 * {@code roster.change} or {@code roster.delete}, target {@code user:<id>}); routing reads the
 * roster from the database, so every node follows it at once.
 */
public final class RosterApi {
  private final Pool pool;
  private final Clock clock;

  public RosterApi(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.get("/admin/users/:id/roster").handler(Http.handle(this::show));
    api.put("/admin/users/:id/roster").handler(Http.handle(this::put));
    api.delete("/admin/users/:id/roster").handler(Http.handle(this::delete));
  }

  private void show(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    String id = ctx.pathParam("id");
    if (!actor.role().seesEverything() && !actor.id().equals(id)) {
      throw ApiError.forbidden("A roster is shown to the centre, admins and its worker");
    }
    Http.reply(ctx, RosterStore.read(pool, id).map(r -> {
      if (r == null) throw ApiError.notFound("Roster");
      return r;
    }));
  }

  /** A put's answer: 201 for a first roster, 200 otherwise. */
  private record Answer(int status, JsonObject roster) {}

  private void put(RoutingContext ctx) {
    Actor admin = admin(ctx);
    String id = ctx.pathParam("id");
    Roster roster = Roster.parse(Http.body(ctx));
    OffsetDateTime now = Times.now(clock);
    JsonObject wanted = roster.toJson();
    pool.withTransaction(conn -> worker(conn, id).compose(v -> RosterStore.read(conn, id)).compose(before -> {
      if (before != null && sameRoster(before, wanted)) return Future.succeededFuture(new Answer(200, before));
      return RosterStore.replace(conn, id, roster, now)
          .compose(v -> RosterStore.read(conn, id))
          .compose(after -> AuditLog.write(conn, now, admin.id(), admin.role().wire(), admin.name(), "roster.change", "user:" + id,
              before, after).map(new Answer(before == null ? 201 : 200, after)));
    })).onComplete(ar -> {
      if (ar.failed()) Http.fail(ctx, ar.cause());
      else Http.json(ctx, ar.result().status(), ar.result().roster());
    });
  }

  private void delete(RoutingContext ctx) {
    Actor admin = admin(ctx);
    String id = ctx.pathParam("id");
    OffsetDateTime now = Times.now(clock);
    pool.withTransaction(conn -> worker(conn, id).compose(v -> RosterStore.read(conn, id)).compose(before -> {
      if (before == null) return Future.failedFuture(ApiError.notFound("Roster"));
      return RosterStore.delete(conn, id).compose(v -> AuditLog.write(conn, now, admin.id(), admin.role().wire(), admin.name(),
          "roster.delete", "user:" + id, before, null));
    })).onComplete(ar -> {
      if (ar.failed()) Http.fail(ctx, ar.cause());
      else ctx.response().setStatusCode(204).end();
    });
  }

  private static Actor admin(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!actor.has(Role.ADMIN)) throw ApiError.forbidden("Only an admin changes a roster");
    return actor;
  }

  /** Locks the user while their roster changes: 404 for nobody, 400 for someone who is not a grid worker. */
  private static Future<Void> worker(SqlConnection conn, String id) {
    return conn.preparedQuery("SELECT role FROM users WHERE id = $1 FOR UPDATE").execute(Tuple.of(id)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ApiError.notFound("User"));
      if (!Role.GRID_WORKER.wire().equals(rows.iterator().next().getString(0))) {
        return Future.failedFuture(ApiError.invalid(new JsonObject().put("id", "only grid workers have a duty roster")));
      }
      return Future.succeededFuture();
    });
  }

  private static boolean sameRoster(JsonObject stored, JsonObject wanted) {
    return stored.getJsonObject("weekly").equals(wanted.getJsonObject("weekly"))
        && stored.getJsonArray("exceptions").equals(wanted.getJsonArray("exceptions"));
  }
}
