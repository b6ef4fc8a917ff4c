package org.griddispatch.geo;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.griddispatch.common.Addresses;
import org.griddispatch.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Owns this node's grid index. Answers {@link Addresses#GEO_LOCATE} with {gridId, name, community}
 * (or null outside every grid) and rebuilds the index when {@link Addresses#GRIDS_CHANGED} arrives.
 */
public final class GeoRoutingVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GeoRoutingVerticle.class);

  private Pool pool;
  private GridIndex index = new GridIndex(List.of());

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config().getString("pgUri"), 2, "geo");
    MessageConsumer<JsonObject> locate = vertx.eventBus().localConsumer(Addresses.GEO_LOCATE, this::locate);
    MessageConsumer<Object> changed = vertx.eventBus().consumer(Addresses.GRIDS_CHANGED, m -> reload());
    return Future.join(locate.completion(), changed.completion(), reload());
  }

  private void locate(Message<JsonObject> msg) {
    Double lat = msg.body().getDouble("lat");
    Double lon = msg.body().getDouble("lon");
    GridIndex.Grid grid = lat == null || lon == null ? null : index.locate(lat, lon);
    msg.reply(grid == null ? new JsonObject() : grid.toJson());
  }

  private Future<Void> reload() {
    return pool.query("SELECT id, name, community, boundary FROM grids").execute().map(rows -> {
      List<GridIndex.GridShape> shapes = new ArrayList<>();
      rows.forEach(r -> shapes.add(new GridIndex.GridShape(
          new GridIndex.Grid(r.getString("id"), r.getString("name"), r.getString("community")),
          GridIndex.parseGeoJson((JsonObject) r.getValue("boundary")))));
      index = new GridIndex(shapes);
      log.info("Grid index built with {} grids", shapes.size());
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
