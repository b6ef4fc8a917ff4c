package org.griddispatch.intake;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.FeedTap;
import org.griddispatch.common.Times;
import org.griddispatch.store.Database;
import org.griddispatch.ticket.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;

/**
 * Keeps this node's {@link OpenReports} current: loads the open reports within the duplicate window
 * at start, then follows the event stream through the node's {@link FeedTap}, whose batches carry
 * the tickets as they now are, whichever node changed them. Listens before it loads, so nothing changed
 * meanwhile is missed. The node is ready before the load ends; intake waits for it.
 */
public final class OpenReportsVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(OpenReportsVerticle.class);
  private final OpenReports openReports;
  private final Clock clock;
  private Pool pool;
  private Duplicates.Settings settings;
  private Runnable stopListening;

  public OpenReportsVerticle(OpenReports openReports, Clock clock) {
    this.openReports = openReports;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    settings = Duplicates.Settings.from(config());
    pool = Database.pool(vertx, config(), 2, "open-reports");
    stopListening = FeedTap.of(vertx).listen(context, batch -> {
      JsonObject tickets = batch.tickets();
      for (String id : tickets.fieldNames()) openReports.apply(tickets.getJsonObject(id));
    });
    // the node does not wait for the load to start serving: intake waits for it (OpenReports.whenLoaded)
    load();
    return Future.succeededFuture();
  }

  /** Reads the open reports of the window; tried again every second while the database cannot answer. */
  private void load() {
    long started = System.nanoTime();
    pool.preparedQuery("SELECT id, number, category, lat, lon, created_at, description, address FROM tickets WHERE status = ANY($1)"
            + " AND category IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL AND description IS NOT NULL AND created_at > $2")
        .execute(Tuple.of(Vocabulary.OPEN.toArray(String[]::new), Times.now(clock).minusHours(settings.windowHours())))
        .onSuccess(rows -> {
          for (Row r : rows) {
            openReports.putLoaded(new OpenReports.Entry(r.getUUID("id"), r.getString("number"), r.getString("category"), r.getDouble("lat"), r.getDouble("lon"),
                r.getOffsetDateTime("created_at").toInstant().toEpochMilli(), Wording.of(r.getString("description"), r.getString("address"), r.getString("category"))));
          }
          openReports.loaded();
          log.info("Duplicate detection knows the {} open reports of the last {} h ({} ms to load)", rows.size(),
              settings.windowHours(), (System.nanoTime() - started) / 1_000_000);
        })
        .onFailure(e -> {
          log.warn("Loading the open reports failed, trying again: {}", e.toString());
          vertx.setTimer(1000, t -> load());
        });
  }

  @Override
  public Future<?> stop() {
    if (stopListening != null) stopListening.run();
    return pool.close();
  }
}
