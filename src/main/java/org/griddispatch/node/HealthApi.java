package org.griddispatch.node;

import org.griddispatch.web.Http;
import org.griddispatch.web.ShutdownState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;

/** /health/live and /health/ready (database, and the cluster when clustered). */
public final class HealthApi {
  private final Vertx vertx;
  private final Pool pool;

  public HealthApi(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(ctx -> Http.json(ctx, 200, new JsonObject().put("status", "UP")));
    router.get("/health/ready").handler(this::ready);
  }

  private void ready(RoutingContext ctx) {
    Future<String> database = pool.query("SELECT 1").execute()
        .timeout(2, TimeUnit.SECONDS).map("UP").otherwise("DOWN");
    database.onComplete(ar -> {
      JsonObject checks = new JsonObject().put("database", ar.result());
      boolean up = "UP".equals(ar.result());
      if (vertx.isClustered()) {
        var cluster = ((VertxInternal) vertx).clusterManager();
        boolean member = cluster != null && cluster.isActive();
        checks.put("cluster", member ? "UP" : "DOWN");
        up &= member;
      }
      if (ShutdownState.draining(vertx)) {
        checks.put("node", "DRAINING");
        up = false;
      }
      if (!up) ctx.response().putHeader("Retry-After", "5");
      Http.json(ctx, up ? 200 : 503, new JsonObject().put("status", up ? "UP" : "DOWN").put("checks", checks));
    });
  }
}
