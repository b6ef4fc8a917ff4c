package org.griddispatch.admin;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Actor;
import org.griddispatch.catalog.CatalogEntry;
import org.griddispatch.catalog.CatalogStore;
import org.griddispatch.catalog.CurrentCatalog;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.Times;
import org.griddispatch.store.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;

/**
 * The one way the catalogue changes. In one transaction: the catalogue's lock, the entry as it was,
 * its references, the new entry, a new version and the audit row (before, after). Then this node
 * reads the catalogue before answering, so the admin's next request sees the change here, and
 * {@code catalog.changed} tells the other nodes (which also find the new version within a second
 * on their own). Putting an entry exactly as it is changes nothing and writes no audit row.
 */
final class CatalogChanges {
  private static final Logger log = LoggerFactory.getLogger(CatalogChanges.class);

  /** What a put did: whether the entry is new, whether anything changed, and the entry as it now stands. */
  record Outcome(boolean created, boolean changed, JsonObject entry) {}

  private final Vertx vertx;
  private final Pool pool;
  private final CurrentCatalog catalog;
  private final Clock clock;

  CatalogChanges(Vertx vertx, Pool pool, CurrentCatalog catalog, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.catalog = catalog;
    this.clock = clock;
  }

  Future<Outcome> put(Actor admin, CatalogEntry entry) {
    OffsetDateTime now = Times.now(clock);
    JsonObject after = entry.value();
    return pool.withTransaction(conn -> CatalogStore.lock(conn)
            .compose(v -> entry.stored(conn))
            .compose(before -> {
              if (after.equals(before)) return Future.succeededFuture(new Outcome(false, false, after));
              return entry.checkReferences(conn)
                  .compose(v -> entry.write(conn))
                  .compose(v -> CatalogStore.raiseVersion(conn))
                  .compose(version -> AuditLog.write(conn, now, admin.id(), admin.role().wire(), admin.name(),
                      entry.kind() + ".change", entry.target(), before, after))
                  .map(new Outcome(before == null, true, after));
            }))
        .compose(outcome -> outcome.changed() ? announce().map(outcome) : Future.succeededFuture(outcome));
  }

  /** This node first, then the others; a failed read here is caught up by the node's own check of the version. */
  private Future<Void> announce() {
    return catalog.refresh(pool)
        .onSuccess(current -> vertx.eventBus().publish(Addresses.CATALOG_CHANGED, current.version()))
        .onFailure(e -> log.warn("Reading the changed catalogue failed: {}", e.toString()))
        .<Void>mapEmpty()
        .recover(e -> Future.succeededFuture());
  }
}
