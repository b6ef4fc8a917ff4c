package org.griddispatch.geo;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
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
 * Keeps this node's {@link GridLocator} current: builds the grid index from the database at start
 * and again whenever {@link Addresses#GRIDS_CHANGED} arrives.
 */
public final class GeoRoutingVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(GeoRoutingVerticle.class);

  private final GridLocator locator;
  private Pool pool;
  /** Reloads started: two changes close together may be read out of order, and only the last one read counts. */
  private long reloads;

  public GeoRoutingVerticle(GridLocator locator) {
    this.locator = locator;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config(), 2, "geo");
    MessageConsumer<Object> changed = vertx.eventBus().consumer(Addresses.GRIDS_CHANGED, m -> reload());
    return Future.join(changed.completion(), reload());
  }

  private Future<Void> reload() {
    long mine = ++reloads;
    return pool.query("SELECT id, name, community, boundary FROM grids WHERE active").execute().map(rows -> {
      if (mine != reloads) return null; // a later reload is under way: the set it reads is newer than this one
      List<GridIndex.GridShape> shapes = new ArrayList<>();
      rows.forEach(r -> shapes.add(new GridIndex.GridShape(
          new GridIndex.Grid(r.getString("id"), r.getString("name"), r.getString("community")),
          GridIndex.parseGeoJson((JsonObject) r.getValue("boundary")))));
      locator.replace(new GridIndex(shapes));
      log.info("Grid index built with {} grids", shapes.size());
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
