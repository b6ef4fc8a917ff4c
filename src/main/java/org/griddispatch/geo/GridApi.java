package org.griddispatch.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.web.Http;

/** GET /grids (the active grids as GeoJSON, with each grid's workers and backups) and GET /grids/locate. */
public final class GridApi {
  private final GridLocator grids;
  private final Pool pool;

  public GridApi(GridLocator grids, Pool pool) {
    this.grids = grids;
    this.pool = pool;
  }

  public void mount(Router api) {
    api.get("/grids").handler(Http.handle(this::grids));
    api.get("/grids/locate").handler(Http.handle(this::locate));
  }

  private void grids(RoutingContext ctx) {
    Http.reply(ctx, pool.query("""
        SELECT g.id, g.name, g.name_en, g.community, g.community_id, g.boundary,
               coalesce((SELECT array_agg(u.id ORDER BY u.id) FROM user_grids ug JOIN users u ON u.id = ug.user_id
                         WHERE ug.grid_id = g.id AND u.active AND u.role = 'grid_worker'), '{}') AS worker_ids,
               coalesce((SELECT array_agg(b.user_id ORDER BY b.user_id) FROM grid_backups b JOIN users u ON u.id = b.user_id
                         WHERE b.grid_id = g.id AND u.active AND u.role = 'grid_worker'), '{}') AS backup_worker_ids
        FROM grids g WHERE g.active ORDER BY g.id""").execute().map(rows -> {
      JsonArray features = new JsonArray();
      rows.forEach(r -> features.add(new JsonObject().put("type", "Feature").put("id", r.getString("id"))
          .put("geometry", Json.obj(r.getValue("boundary")))
          .put("properties", new JsonObject().put("id", r.getString("id")).put("name", r.getString("name"))
              .put("nameEn", r.getString("name_en")).put("community", r.getString("community"))
              .put("communityId", r.getString("community_id"))
              .put("workerIds", Json.array(r.getArrayOfStrings("worker_ids")))
              .put("backupWorkerIds", Json.array(r.getArrayOfStrings("backup_worker_ids"))))));
      return new JsonObject().put("type", "FeatureCollection").put("features", features);
    }));
  }

  private void locate(RoutingContext ctx) {
    Fields f = new Fields(null);
    Double lat = Http.coordinate(f, ctx, "lat", 90);
    Double lon = Http.coordinate(f, ctx, "lon", 180);
    f.throwIfAny();
    GridIndex.Grid found = grids.locate(lat, lon);
    if (found == null) throw new ApiError(404, "outside_area", "The point is outside every grid");
    Http.json(ctx, 200, found.toJson());
  }
}
