package org.griddispatch.admin;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.catalog.CatalogEntry;
import org.griddispatch.catalog.CurrentCatalog;
import org.griddispatch.common.ApiError;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.util.function.BiFunction;

/**
 * {@code PUT /admin/categories/{code}}, {@code /admin/departments/{id}}, {@code /admin/services/{code}}
 * (create: 201, replace: 200) and {@code GET}/{@code PUT /admin/calendar}. Changes are an admin's;
 * the calendar is also shown to the centre, whose deadlines it counts.
 */
public final class CatalogAdminApi {
  private final CurrentCatalog catalog;
  private final CatalogChanges changes;

  public CatalogAdminApi(Vertx vertx, Pool pool, CurrentCatalog catalog, Clock clock) {
    this.catalog = catalog;
    this.changes = new CatalogChanges(vertx, pool, catalog, clock);
  }

  public void mount(Router api) {
    api.put("/admin/categories/:code").handler(Http.handle(ctx -> put(ctx, "code", CatalogEntry::category)));
    api.put("/admin/departments/:id").handler(Http.handle(ctx -> put(ctx, "id", CatalogEntry::department)));
    api.put("/admin/services/:code").handler(Http.handle(ctx -> put(ctx, "code", CatalogEntry::service)));
    api.get("/admin/calendar").handler(Http.handle(this::calendar));
    api.put("/admin/calendar").handler(Http.handle(ctx -> put(ctx, null, (none, body) -> CatalogEntry.calendar(body, catalog.zone()))));
  }

  /** {@code entry} checks the body against the path's {@code keyParam} (400) before anything is written. */
  private void put(RoutingContext ctx, String keyParam, BiFunction<String, JsonObject, CatalogEntry> entry) {
    Actor actor = Actor.of(ctx);
    if (!actor.has(Role.ADMIN)) throw ApiError.forbidden("Only an admin changes the catalogue");
    CatalogEntry checked = entry.apply(keyParam == null ? null : ctx.pathParam(keyParam), Http.body(ctx));
    changes.put(actor, checked).onComplete(ar -> {
      if (ar.failed()) Http.fail(ctx, ar.cause());
      else Http.json(ctx, ar.result().created() ? 201 : 200, shown(checked.kind(), ar.result().entry()));
    });
  }

  private void calendar(RoutingContext ctx) {
    Role role = Actor.of(ctx).role();
    if (role != Role.ADMIN && role != Role.DISPATCHER && role != Role.SUPERVISOR) {
      throw ApiError.forbidden("The working calendar is for the centre and admins");
    }
    Http.json(ctx, 200, shown("calendar", catalog.get().calendar().toJson()));
  }

  /** The calendar is shown with the zone it counts in (the node's setting). */
  private JsonObject shown(String kind, JsonObject entry) {
    return "calendar".equals(kind) ? entry.put("timezone", catalog.zone().getId()) : entry;
  }
}
