package org.griddispatch.subdistrict;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.auth.UserStore;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Times;
import org.griddispatch.geo.GridSet;
import org.griddispatch.geo.GridStore;
import org.griddispatch.store.AuditLog;
import org.griddispatch.web.Http;

import java.time.Clock;

/**
 * {@code PUT /admin/grids}: an admin replaces the whole grid set at once. The set is checked whole
 * ({@link GridSet}: polygons, overlaps, ids, workers) and refused whole, with a reason per feature; an
 * accepted set is written with its audit row in one transaction, then every node routes by it.
 */
public final class GridAdminApi {
  public static final String PATH = "/admin/grids";
  /** The default limit on a grid set's body: large enough for a few thousand detailed polygons. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final String ONLY_ADMINS = "Only an admin replaces the grid set";

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;

  public GridAdminApi(Vertx vertx, Pool pool, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
  }

  /**
   * Before the general body handler: a grid set may be larger than other bodies ({@code maxGridSetBytes}),
   * so its sender is known and must be an admin before the body is read.
   */
  public static void mountBody(Router api, Handler<RoutingContext> authenticator, long maxBytes) {
    api.put(PATH).handler(authenticator);
    api.put(PATH).handler(ctx -> {
      Actor actor = ctx.get(Actor.CONTEXT_KEY);
      if (actor != null && actor.has(Role.ADMIN)) {
        ctx.next();
        return;
      }
      ctx.request().resume(); // the body nobody will read drains; the connection stays usable
      Http.fail(ctx, ApiError.forbidden(ONLY_ADMINS));
    });
    BodyHandler body = BodyHandler.create(false).setBodyLimit(maxBytes);
    api.put(PATH).handler(ctx -> {
      // a body over the limit is refused from its Content-Length alone, still unread and paused (by the
      // authenticator): once the refusal is sent it drains, so the client's connection stays usable
      ctx.addEndHandler(v -> {
        if (!ctx.request().isEnded()) ctx.request().resume();
      });
      body.handle(ctx);
    });
  }

  public void mount(Router api) {
    api.put(PATH).handler(Http.handle(this::replace));
  }

  private void replace(RoutingContext ctx) {
    Actor admin = requireAdmin(ctx);
    // reading a large set and checking its geometry take a while: off the event loop
    Http.reply(ctx, vertx.executeBlocking(() -> GridSet.read(Http.body(ctx), true), false)
        .compose(set -> set.accepted() ? write(admin, set) : Future.failedFuture(refused(set)))
        .map(replaced -> {
          GridReplacement.announce(vertx, replaced);
          return replaced.toJson();
        }));
  }

  /** Checks the workers and writes the set with its audit row, in one transaction; an unchanged set writes nothing. */
  private Future<GridStore.Replaced> write(Actor admin, GridSet set) {
    return pool.withTransaction(conn -> GridStore.lock(conn)
        .compose(v -> UserStore.standings(conn, set.namedWorkers()))
        .compose(standings -> {
          set.checkWorkers(id -> refusal(standings.get(id)));
          return set.accepted() ? GridStore.summary(conn) : Future.<JsonObject>failedFuture(refused(set));
        })
        .compose(before -> GridReplacement.apply(conn, set.grids()).compose(replaced -> replaced.isEmpty()
            ? Future.succeededFuture(replaced)
            : audit(conn, admin, before, replaced).map(replaced))));
  }

  /** The audit row: the set before and after (names, workers, a fingerprint of each polygon) and what changed. */
  private Future<Void> audit(SqlConnection conn, Actor admin, JsonObject before, GridStore.Replaced replaced) {
    return GridStore.summary(conn).compose(after -> AuditLog.write(conn, Times.now(clock), admin.id(), admin.role().wire(),
        admin.name(), "grids.replace", "grids", before, after.put("changed", replaced.toJson())));
  }

  private static String refusal(UserStore.Standing standing) {
    if (standing == null) return "is not a known user";
    if (standing.role() != Role.GRID_WORKER) return "is not a grid worker";
    if (!standing.active()) return "is deactivated";
    return null;
  }

  private static ApiError refused(GridSet set) {
    return new ApiError(400, "validation_failed", "The grid set was refused; nothing changed", set.fields(), null);
  }

  private static Actor requireAdmin(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!actor.has(Role.ADMIN)) throw ApiError.forbidden(ONLY_ADMINS);
    return actor;
  }
}
