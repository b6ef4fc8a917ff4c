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
 * {@code FOR UPDATE SKIP LOCKED} (no two nodes take the same one), paces each ({@link Pacing}: held
 * through quiet hours or the hourly limit, skipped as a repeat), words it ({@link Templates}), hands
 * it to the {@link Sender} and records the result in the same transaction: sent, or tried again after
 * a backoff, and {@code failed} after {@code notify.maxAttempts}. A node that dies mid-round rolls
 * back and another sends the same messages: at least once. An SMS's sender is the log's
 * ({@code notify.sender: "log"}, the default) or an SMS/WeChat gateway's over HTTP ({@code "http"}); a
 * push ({@code channel: push}) goes to the recipient's browsers ({@link WebPushSender}).
 */
public final class NotificationVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(NotificationVerticle.class);

  private final Clock clock;
  private final Supplier<Sender> senders;
  private Sender sender;
  private Pacing pacing;
  private Templates templates;
  private String language;
  private Pool pool;
  private long timer;
  private boolean sending;
  private int batch;
  private int maxAttempts;
  private long backoffMillis;

  /** {@code sender} makes the node's sender (one per verticle); null: the one {@code notify.sender} names. */
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
    Sender sms = senders != null ? senders.get() : switch (settings.getString("sender", "log")) {
      case "log" -> new LogSender();
      case "http" -> new HttpSender(vertx, settings.getJsonObject("http", new JsonObject()));
      default -> throw new IllegalArgumentException("notify.sender is log or http");
    };
    pacing = Pacing.from(settings, java.time.ZoneId.of(config().getString("timezone", "Asia/Shanghai")));
    templates = Templates.load(settings.getString("templates", "conf/notification-templates.json"));
    language = settings.getString("language", "zh-CN");
    pool = Database.pool(vertx, config(), 2, "notify");
    return VapidKeys.load(pool, config()).map(keys -> {
      // one sender per channel: a push goes to the recipient's browsers, anything else to the SMS sender
      Sender push = new WebPushSender(vertx, pool, keys, WebPushSender.PushSettings.from(config()), templates, language);
      sender = m -> "push".equals(m.channel()) ? push.send(m) : sms.send(m);
      timer = vertx.setPeriodic(settings.getLong("pollMillis", 1000L), t -> round());
      return null;
    });
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
    JsonObject data = Json.obj(r.getValue("data"));
    return conn.preparedQuery("""
            SELECT count(*) AS last_hour, min(sent_at) AS oldest,
                   count(*) FILTER (WHERE ticket_id = $3 AND template = $4 AND sent_at > $2::timestamptz - make_interval(mins => $5)) AS repeats
            FROM notifications WHERE to_address = $1 AND status = 'sent' AND sent_at > $2::timestamptz - interval '1 hour'""")
        .execute(Tuple.of(r.getString("to_address"), now, r.getUUID("ticket_id"), r.getString("template"), pacing.dedupeMinutes()))
        .compose(rows -> {
          Row p = rows.iterator().next();
          Pacing.Verdict verdict = pacing.decide(r.getString("template"), data, now, p.getLong("last_hour").intValue(),
              p.getOffsetDateTime("oldest"), p.getLong("repeats") > 0);
          if (verdict instanceof Pacing.Hold hold) {
            return conn.preparedQuery("UPDATE notifications SET due_at = $2, last_error = $3 WHERE id = $1")
                .execute(Tuple.of(id, hold.until(), "held: " + hold.why())).mapEmpty();
          }
          if (verdict instanceof Pacing.Skip skip) {
            return conn.preparedQuery("UPDATE notifications SET status = 'skipped', last_error = $2 WHERE id = $1")
                .execute(Tuple.of(id, skip.why())).mapEmpty();
          }
          return send(conn, r, id, data, now);
        });
  }

  private Future<Void> send(SqlConnection conn, Row r, UUID id, JsonObject data, OffsetDateTime now) {
    UUID ticketId = r.getUUID("ticket_id"); // null for a notice's message
    Sender.Message m = new Sender.Message(id.toString(), ticketId == null ? null : ticketId.toString(), r.getString("channel"),
        r.getString("to_address"), r.getString("template"), data, templates.render(r.getString("template"), language, data));
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
          return conn.preparedQuery("UPDATE notifications SET attempts = $2::int, last_error = $3, due_at = $4,"
                  + " status = CASE WHEN $2::int >= $5::int THEN 'failed' ELSE 'pending' END WHERE id = $1")
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
