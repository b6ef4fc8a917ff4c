package org.griddispatch.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import org.griddispatch.common.Keyset;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox rows: claiming due ones for a lease, recording what the receiver said, the listing and
 * the manual retry. Times are the database's ({@code now()}), so leases hold whatever the nodes'
 * clocks say.
 */
final class Deliveries {
  private Deliveries() {}

  /** A claimed delivery: what to send where, and the lease that proves the claim is still ours. */
  record Claimed(UUID id, UUID webhookId, UUID ticketId, int seq, int attempts, OffsetDateTime lease, String url,
                 String secret) {}

  /**
   * Subscriptions with due work, locked so that one node at a time claims for each (the in-flight
   * count is then exact); others skip them. {@code NO KEY UPDATE} leaves the writers of new
   * deliveries, whose foreign key only shares the row, unblocked.
   */
  private static final String LOCK_WEBHOOKS = """
      SELECT w.id FROM webhooks w
      WHERE EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status = 'pending'
                      AND d.due_at <= now() AND (d.leased_until IS NULL OR d.leased_until <= now()))
      ORDER BY w.id FOR NO KEY UPDATE SKIP LOCKED""";

  /**
   * Of the locked subscriptions' due rows, the first pending one of each ticket (a later event waits
   * while an earlier one is pending, in flight or not), no more per subscription than its free
   * in-flight places; each gets a lease and an attempt.
   */
  private static final String CLAIM = """
      WITH busy AS (
        SELECT webhook_id, count(*) AS n FROM webhook_deliveries
        WHERE webhook_id = ANY ($1::uuid[]) AND status = 'pending' AND leased_until > now() GROUP BY webhook_id
      ), heads AS (
        SELECT d.id, d.webhook_id, d.due_at,
               row_number() OVER (PARTITION BY d.webhook_id ORDER BY d.due_at, d.created_at, d.seq) AS rn
        FROM webhook_deliveries d
        WHERE d.webhook_id = ANY ($1::uuid[]) AND d.status = 'pending' AND d.due_at <= now()
          AND (d.leased_until IS NULL OR d.leased_until <= now())
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.webhook_id = d.webhook_id
                            AND p.ticket_id = d.ticket_id AND p.status = 'pending' AND p.seq < d.seq)
      ), chosen AS (
        SELECT h.id FROM heads h LEFT JOIN busy b USING (webhook_id)
        WHERE h.rn + coalesce(b.n, 0) <= $2::int ORDER BY h.due_at LIMIT $3::int
      )
      UPDATE webhook_deliveries d
      SET leased_until = now() + $4::bigint * interval '1 millisecond', claimed_by = $5::text, attempts = d.attempts + 1
      FROM chosen c, webhooks w
      WHERE d.id = c.id AND w.id = d.webhook_id
      RETURNING d.id, d.webhook_id, d.ticket_id, d.seq, d.attempts, d.leased_until, w.url, w.secret""";

  static Future<List<Claimed>> claim(Pool pool, int maxInFlight, int batch, long leaseMillis, String nodeId) {
    return pool.withTransaction(conn -> conn.query(LOCK_WEBHOOKS).execute().compose(locked -> {
      if (locked.size() == 0) return Future.succeededFuture(List.<Claimed>of());
      List<UUID> ids = new ArrayList<>();
      locked.forEach(r -> ids.add(r.getUUID(0)));
      return conn.preparedQuery(CLAIM).execute(Tuple.of(ids.toArray(UUID[]::new), maxInFlight, batch, leaseMillis, nodeId))
          .map(rows -> {
            List<Claimed> out = new ArrayList<>();
            for (Row r : rows) {
              out.add(new Claimed(r.getUUID("id"), r.getUUID("webhook_id"), r.getUUID("ticket_id"), r.getInteger("seq"),
                  r.getInteger("attempts"), r.getOffsetDateTime("leased_until"), r.getString("url"), r.getString("secret")));
            }
            return out;
          });
    }));
  }

  /** The receiver took it. A lease that ran out (another node may have it now) changes nothing. */
  static Future<Void> sent(Pool pool, Claimed d, int status) {
    return pool.preparedQuery("""
            UPDATE webhook_deliveries SET status = 'sent', last_status = $3, last_error = NULL, sent_at = now(),
                                          leased_until = NULL
            WHERE id = $1 AND status = 'pending' AND leased_until = $2""")
        .execute(Tuple.of(d.id(), d.lease(), status)).mapEmpty();
  }

  /** It did not: due again after {@code retryInMillis}, or dead-lettered once it has had its attempts. */
  static Future<Void> failed(Pool pool, Claimed d, Integer status, String error, int maxAttempts, long retryInMillis) {
    return pool.preparedQuery("""
            UPDATE webhook_deliveries SET last_status = $3::int, last_error = $4::text, leased_until = NULL,
                   status = CASE WHEN attempts >= $5::int THEN 'failed' ELSE 'pending' END,
                   due_at = now() + $6::bigint * interval '1 millisecond'
            WHERE id = $1 AND status = 'pending' AND leased_until = $2""")
        .execute(Tuple.of(d.id(), d.lease(), status, error, maxAttempts, retryInMillis)).mapEmpty();
  }

  /** A subscription's deliveries, newest first, optionally of one status. */
  /** A page of a subscription's deliveries, newest first, and the cursor of the next page (or null). */
  static Future<JsonObject> list(SqlClient client, UUID webhookId, String status, int limit, Keyset after) {
    return client.preparedQuery("""
            SELECT id, ticket_id, seq, type, status, attempts, last_status, created_at FROM webhook_deliveries
            WHERE webhook_id = $1 AND ($2::text IS NULL OR status = $2)
              AND ($4::timestamptz IS NULL OR created_at < $4 OR (created_at = $4 AND id > $5::uuid))
            ORDER BY created_at DESC, id LIMIT $3""")
        .execute(Tuple.of(webhookId, status, limit + 1, after == null ? null : after.at(),
            after == null ? null : UUID.fromString(after.key())))
        .map(rows -> {
          JsonArray items = new JsonArray();
          Row last = null;
          for (Row r : rows) {
            if (items.size() == limit) {
              return new JsonObject().put("items", items)
                  .put("nextCursor", new Keyset(last.getOffsetDateTime("created_at"), last.getUUID("id").toString()).encode());
            }
            items.add(toJson(r));
            last = r;
          }
          return new JsonObject().put("items", items).putNull("nextCursor");
        });
  }

  /**
   * How each subscription's deliveries stand: how many wait and how many failed for good, since when
   * the oldest has waited and what its receiver last said. Reads only rows not yet sent.
   */
  static Future<JsonArray> health(SqlClient client, OffsetDateTime now) {
    return client.preparedQuery("""
            SELECT w.id, w.url, w.account_id, s.pending, s.failed, o.created_at AS oldest, o.attempts, o.last_status, o.last_error
            FROM webhooks w
            CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE d.status = 'pending') AS pending,
                                       count(*) FILTER (WHERE d.status = 'failed') AS failed
                                FROM webhook_deliveries d WHERE d.webhook_id = w.id AND d.status <> 'sent') s
            LEFT JOIN LATERAL (SELECT d.created_at, d.attempts, d.last_status, d.last_error FROM webhook_deliveries d
                               WHERE d.webhook_id = w.id AND d.status = 'pending' ORDER BY d.created_at LIMIT 1) o ON true
            ORDER BY w.created_at, w.id""")
        .execute().map(rows -> {
          JsonArray items = new JsonArray();
          for (Row r : rows) {
            OffsetDateTime oldest = r.getOffsetDateTime("oldest");
            JsonObject item = new JsonObject().put("webhookId", r.getUUID("id").toString()).put("endpoint", endpoint(r.getString("url")))
                .put("accountId", r.getString("account_id")).put("pending", r.getLong("pending")).put("failed", r.getLong("failed"));
            if (oldest != null) {
              item.put("oldestPendingAt", org.griddispatch.common.Json.time(oldest))
                  .put("oldestPendingSeconds", Math.max(0, java.time.Duration.between(oldest, now).toSeconds()))
                  .put("attempts", r.getInteger("attempts")).put("lastStatus", r.getInteger("last_status"))
                  .put("lastError", r.getString("last_error"));
            }
            items.add(item);
          }
          return items;
        });
  }

  /** The receiver's address as people may see it: scheme, host and path, never a query (it may carry a token). */
  static String endpoint(String url) {
    try {
      java.net.URI u = java.net.URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() == -1 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath());
    } catch (IllegalArgumentException e) {
      return "?";
    }
  }

  /**
   * A dead-lettered delivery goes again, with its attempts afresh; answers it, or null when the
   * subscription has no such delivery. Refuses (409) one that is not failed.
   */
  static Future<JsonObject> retry(SqlClient conn, UUID webhookId, UUID deliveryId) {
    return conn.preparedQuery("SELECT id, ticket_id, seq, type, status, attempts, last_status FROM webhook_deliveries"
            + " WHERE id = $1 AND webhook_id = $2 FOR UPDATE").execute(Tuple.of(deliveryId, webhookId))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(null);
          JsonObject before = toJson(rows.iterator().next());
          if (!"failed".equals(before.getString("status"))) {
            return Future.failedFuture(org.griddispatch.common.ApiError.conflict("not_failed",
                "Only a failed delivery is retried by hand; this one is " + before.getString("status")));
          }
          return conn.preparedQuery("""
                  UPDATE webhook_deliveries SET status = 'pending', attempts = 0, due_at = now(), leased_until = NULL
                  WHERE id = $1
                  RETURNING id, ticket_id, seq, type, status, attempts, last_status""")
              .execute(Tuple.of(deliveryId)).map(updated -> toJson(updated.iterator().next()));
        });
  }

  private static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("deliveryId", r.getUUID("id").toString())
        .put("ticketId", r.getUUID("ticket_id").toString())
        .put("seq", r.getInteger("seq"))
        .put("type", r.getString("type"))
        .put("status", r.getString("status"))
        .put("attempts", r.getInteger("attempts"))
        .put("lastStatus", r.getInteger("last_status"));
  }
}
