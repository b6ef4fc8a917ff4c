package org.griddispatch.catalog;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;

import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * This node's catalogue: the newest snapshot it has read, shared by everything that files, changes
 * or shows tickets. {@link #get} is a plain read on the caller's own thread; a snapshot is replaced
 * whole ({@link CatalogVerticle} reads it again when the catalogue's version moves on, an admin's
 * change before answering), and an older snapshot never replaces a newer one.
 */
public final class CurrentCatalog implements Supplier<Catalog> {
  private final AtomicReference<Catalog> current = new AtomicReference<>();
  private final ZoneId zone;

  /** The catalogue of a subdistrict whose working calendar counts in {@code zone}. */
  public CurrentCatalog(ZoneId zone) { this.zone = zone; }

  @Override
  public Catalog get() {
    Catalog c = current.get();
    if (c == null) throw new IllegalStateException("the catalogue has not been read yet");
    return c;
  }

  /** The version of the snapshot held, or -1 before the first. */
  public long version() {
    Catalog c = current.get();
    return c == null ? -1 : c.version();
  }

  public ZoneId zone() { return zone; }

  /** Reads the catalogue and makes it current unless a newer snapshot arrived meanwhile; answers the current one. */
  public Future<Catalog> refresh(SqlClient db) {
    return Catalog.load(db, zone).map(next -> {
      Catalog held = current.accumulateAndGet(next, (was, read) -> was == null || read.version() > was.version() ? read : was);
      waiting.removeIf(w -> w.version() <= held.version() && w.reached().complete(null));
      return held;
    });
  }

  private record Waiter(long version, java.util.concurrent.CompletableFuture<Void> reached) {}
  private final java.util.List<Waiter> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Completes once the snapshot held is of {@code version} or later (at once if it is already). */
  public java.util.concurrent.CompletableFuture<Void> reached(long version) {
    Waiter w = new Waiter(version, new java.util.concurrent.CompletableFuture<>());
    waiting.add(w);
    if (version() >= version) waiting.removeIf(x -> x == w && w.reached().complete(null)); // read meanwhile
    return w.reached();
  }
}
