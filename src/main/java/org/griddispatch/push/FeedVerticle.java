package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.TicketCommitted;
import org.griddispatch.common.FeedBatch;
import org.griddispatch.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's single reader of the event stream. Every node runs one; the one holding the
 * advisory lock on its own connection leads: on each {@link Addresses#PUSH_WAKE} (and on a short
 * timer, for events held back by a transaction that was still open) it reads the stable events
 * after its position and publishes them, in order, on {@link Addresses#PUSH_EVENTS} as {@link FeedBatch}es,
 * with the tickets they are about (those a wake-up carried, committed, are not read back). Its position
 * is saved, so when it dies the next leader carries on from there; nodes drop what they already had.
 * A node configured with {@code push.feedLeader: false} never leads (it still serves its sockets).
 * While the stream is quiet the leader publishes its position every {@code push.feedBeatMillis} (an
 * empty batch): a node that stops hearing it (cut off from the leader by a network split) reads the
 * stream from the database itself until it hears it again ({@link LiveStream}).
 */
public final class FeedVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(FeedVerticle.class);
  private static final long LEADER_LOCK = 0x6772696466656564L; // "gridfeed"
  private static final int BATCH = 500;

  private PgConnection conn;
  private boolean leader;
  private boolean reading;
  private boolean readAgain;
  private Cursor position;
  private Cursor saved;
  private final RecentTickets recent = new RecentTickets();
  private long electionTimer;
  private long pollTimer;
  private long saveTimer;
  private long beatTimer;
  /** When this node last published on the stream, batch or beat. */
  private long publishedAt;

  @Override
  public Future<?> start() {
    MessageConsumer<Object> wake = vertx.eventBus().consumer(Addresses.PUSH_WAKE, m -> {
      JsonObject ticket = TicketCommitted.fromBody(m.body()).ticket();
      if (leader && ticket != null) recent.remember(ticket); // only the leader sends tickets
      read();
    });
    long electEvery = config().getJsonObject("push", new JsonObject()).getLong("feedElectionMillis", 1000L);
    long pollEvery = config().getJsonObject("push", new JsonObject()).getLong("feedPollMillis", 100L);
    electionTimer = vertx.setPeriodic(electEvery, t -> elect());
    pollTimer = vertx.setPeriodic(pollEvery, t -> read());
    saveTimer = vertx.setPeriodic(200, t -> save());
    long beatEvery = config().getJsonObject("push", new JsonObject()).getLong("feedBeatMillis", 1000L);
    beatTimer = vertx.setPeriodic(beatEvery, t -> beat(beatEvery));
    return wake.completion().compose(v -> elect());
  }

  /** Takes the lead when no live node holds it; a lost connection gives it up. */
  private Future<Void> elect() {
    if (leader || !config().getJsonObject("push", new JsonObject()).getBoolean("feedLeader", true)) return Future.succeededFuture();
    Future<PgConnection> connected = conn != null ? Future.succeededFuture(conn)
        : PgConnection.connect(vertx, Database.connectOptions(config().getString("pgUri"))).onSuccess(c -> {
          conn = c;
          c.closeHandler(v -> {
            if (leader) log.warn("Lost the feed's database connection; another node will lead");
            conn = null;
            leader = false;
          });
        });
    return connected
        .compose(c -> c.preparedQuery("SELECT pg_try_advisory_lock($1)").execute(Tuple.of(LEADER_LOCK)))
        .compose(rows -> {
          if (!rows.iterator().next().getBoolean(0)) return Future.<Void>succeededFuture();
          return loadPosition().onSuccess(p -> {
            position = p;
            saved = p;
            leader = true;
            log.info("This node now feeds live events, from position {}", p);
            read();
          }).mapEmpty();
        })
        .otherwise(e -> {
          log.debug("Feed election failed: {}", e.toString());
          return null;
        });
  }

  private Future<Cursor> loadPosition() {
    return conn.query("SELECT tx::text AS tx, event_id FROM push_feed WHERE id = 1").execute().compose(rows -> {
      if (rows.size() > 0) {
        var r = rows.iterator().next();
        return Future.succeededFuture(new Cursor(Long.parseUnsignedLong(r.getString("tx")), r.getLong("event_id")));
      }
      return EventReader.stableEnd(conn);
    });
  }

  /** Reads and publishes until caught up; wakes that arrive meanwhile cause one more read. */
  private void read() {
    if (!leader || conn == null) return;
    if (reading) {
      readAgain = true;
      return;
    }
    reading = true;
    readAgain = false;
    EventReader.stable(conn, position, BATCH, recent).onComplete(ar -> {
      reading = false;
      if (ar.failed()) {
        log.warn("Feed read failed: {}", ar.cause().toString());
        return;
      }
      EventReader.Batch batch = ar.result();
      if (!batch.isEmpty()) {
        vertx.eventBus().publish(Addresses.PUSH_EVENTS,
            new FeedBatch(position.toString(), batch.last().toString(), batch.events(), batch.tickets()).toJson());
        publishedAt = System.nanoTime();
        position = batch.last();
      }
      if (readAgain || batch.events().size() == BATCH) read();
    });
  }

  /** The leader's sign of life on a quiet stream: its position, as an empty batch. */
  private void beat(long every) {
    if (!leader || position == null || System.nanoTime() - publishedAt < every * 1_000_000L / 2) return;
    String at = position.toString();
    vertx.eventBus().publish(Addresses.PUSH_EVENTS, new FeedBatch(at, at, new JsonArray(), new JsonObject()).toJson());
    publishedAt = System.nanoTime();
  }

  /** Saves the position when it moved; a little behind is fine, nodes drop what they already had. */
  private Future<Void> save() {
    if (!leader || conn == null || position == null || position.equals(saved)) return Future.succeededFuture();
    Cursor p = position;
    return conn.preparedQuery("INSERT INTO push_feed (id, tx, event_id) VALUES (1, $1::text::xid8, $2)"
            + " ON CONFLICT (id) DO UPDATE SET tx = excluded.tx, event_id = excluded.event_id")
        .execute(Tuple.of(Long.toUnsignedString(p.tx()), p.id()))
        .onSuccess(v -> saved = p)
        .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(electionTimer);
    vertx.cancelTimer(pollTimer);
    vertx.cancelTimer(saveTimer);
    vertx.cancelTimer(beatTimer);
    if (conn == null) return Future.succeededFuture();
    PgConnection c = conn;
    return save().otherwiseEmpty().eventually(() -> {
      leader = false;
      return c.close();
    });
  }
}
