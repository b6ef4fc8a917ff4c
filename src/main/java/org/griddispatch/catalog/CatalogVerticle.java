package org.griddispatch.catalog;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link CurrentCatalog} current. At start it stores the configuration's working
 * calendar as the first one (unless the database has one) and reads the catalogue. Then it reads
 * it again when {@link Addresses#CATALOG_CHANGED} announces a newer version (at once, in a cluster)
 * and when its once-a-second look at the version finds one (nodes that share the database without
 * the cluster, a message lost): one small query a second, never the catalogue itself unless it changed.
 */
public final class CatalogVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(CatalogVerticle.class);

  private final CurrentCatalog catalog;
  private Pool pool;
  private long timer;
  private boolean reading;
  private boolean readAgain;
  private boolean checking;

  public CatalogVerticle(CurrentCatalog catalog) { this.catalog = catalog; }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config(), 2, "catalog");
    JsonObject first = initialCalendar(config());
    MessageConsumer<Object> changed = vertx.eventBus().consumer(Addresses.CATALOG_CHANGED, m -> {
      if (m.body() instanceof Number version && version.longValue() > catalog.version()) read();
    });
    Future<?> loaded = CatalogStore.seedCalendar(pool, first).compose(v -> catalog.refresh(pool)).onSuccess(c -> {
      log.info("Catalogue version {} read", c.version());
      timer = vertx.setPeriodic(config().getLong("catalogCheckMillis", 1000L), t -> check());
    });
    return Future.join(changed.completion(), loaded);
  }

  /** The configuration's {@code calendar}, checked as an admin's would be: a bad one stops the node with the reasons. */
  static JsonObject initialCalendar(JsonObject config) {
    JsonObject given = config.getJsonObject("calendar", new JsonObject());
    JsonObject doc = new JsonObject().put("workHours", given.getJsonArray("workHours", WorkCalendar.DEFAULT_WORK_HOURS.copy()))
        .put("holidays", given.getJsonArray("holidays", new JsonArray()))
        .put("extraWorkdays", given.getJsonArray("extraWorkdays", new JsonArray()));
    try {
      return CalendarRules.calendar(doc, WorkCalendar.zoneOf(config));
    } catch (ApiError e) {
      throw new IllegalStateException("The calendar in the configuration is not valid: " + e.fields().encode());
    }
  }

  private void check() {
    if (checking) return;
    checking = true;
    CatalogStore.version(pool).onComplete(ar -> {
      checking = false;
      if (ar.succeeded() && ar.result() > catalog.version()) read();
    });
  }

  /** One read at a time; a reason to read that comes during a read makes one more after it. */
  private void read() {
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    catalog.refresh(pool).onComplete(ar -> {
      reading = false;
      if (ar.failed()) log.warn("Reading the catalogue failed: {}", ar.cause().toString());
      if (readAgain) {
        readAgain = false;
        read();
      }
    });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return pool.close();
  }
}
