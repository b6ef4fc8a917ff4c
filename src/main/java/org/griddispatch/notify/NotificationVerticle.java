package org.griddispatch.notify;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Json;
import org.griddispatch.common.Times;
import org.griddispatch.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Sends the notification outbox; every node runs one. Each round claims due messages with
 * {@code FOR UPDATE SKIP LOCKED} (no two nodes take the same one), hands each to the {@link Sender}
 * in order and records the result in the same transaction: sent, or tried again after a backoff, and
 * {@code failed} after {@code notify.maxAttempts}. A node that dies mid-round rolls back and another
 * sends the same messages: at least once.
 */
public final class NotificationVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(NotificationVerticle.class);

  private final Clock clock;
  private final Supplier<Sender> senders;
  private Sender sender;
  private Pool pool;
  private long timer;
  private boolean sending;
  private int batch;
  private int maxAttempts;
  private long backoffMillis;

  /** {@code sender} makes the node's sender (one per verticle). */
  public NotificationVerticle(Clock clock, Supplier<Sender> sender) {
    this.clock = clock;
    this.senders = sender;
  }

  @Override
  public Future<?> start() {
    JsonObject settings = config().getJsonObject("notify", new JsonObject());
    batch = settings.getInteger("batchSize", 100);
    maxAttempts = settings.getInteger("maxAttempts", 8);
    backoffMillis = settings.getLong("backoffMillis", 5000L);
    sender = senders.get();
    pool = Database.pool(vertx, config(), 2, "notify");
    timer = vertx.setPeriodic(settings.getLong("pollMillis", 1000L), t -> round());
    return Future.succeededFuture();
  }

  private void round() {
    if (sending) return;
    sending = true;
    OffsetDateTime now = Times.now(clock);
    pool.withTransaction(conn -> conn.preparedQuery("""
            SELECT id, ticket_id, channel, to_address, template, data, attempts FROM notifications
            WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at, created_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED""")
        .execute(Tuple.of(now, batch)).compose(rows -> {
          Future<Integer> chain = Future.succeededFuture(0);
          for (Row r : rows) chain = chain.compose(n -> sendOne(conn, r, now).map(n + 1));
          return chain;
        }))
        .onComplete(ar -> {
          sending = false;
          if (ar.failed()) log.warn("Sending notifications failed: {}", ar.cause().toString());
          else if (ar.result() == batch) round();
        });
  }

  private Future<Void> sendOne(SqlConnection conn, Row r, OffsetDateTime now) {
    UUID id = r.getUUID("id");
    Sender.Message m = new Sender.Message(id.toString(), r.getUUID("ticket_id").toString(), r.getString("channel"),
        r.getString("to_address"), r.getString("template"), Json.obj(r.getValue("data")));
    Future<Void> sent;
    try {
      sent = sender.send(m);
    } catch (RuntimeException e) {
      sent = Future.failedFuture(e);
    }
    return sent.compose(
        v -> conn.preparedQuery("UPDATE notifications SET status = 'sent', sent_at = $2, attempts = attempts + 1, last_error = NULL"
            + " WHERE id = $1").execute(Tuple.of(id, now)).mapEmpty(),
        e -> {
          int attempts = r.getInteger("attempts") + 1;
          long wait = Math.min(backoffMillis << Math.min(attempts - 1, 16), 3_600_000L);
          String error = String.valueOf(e.getMessage());
          return conn.preparedQuery("UPDATE notifications SET attempts = $2, last_error = $3, due_at = $4,"
                  + " status = CASE WHEN $2 >= $5 THEN 'failed' ELSE 'pending' END WHERE id = $1")
              .execute(Tuple.of(id, attempts, error.length() > 500 ? error.substring(0, 500) : error,
                  now.plusNanos(wait * 1_000_000L), maxAttempts)).mapEmpty();
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return pool.close();
  }
}
