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
   * Of each locked subscription's due rows, oldest first, the first pending one of each ticket (a later
   * event waits while an earlier one is pending, in flight or not), no more than its free in-flight
   * places; each gets a lease and an attempt. A subscription's rows are read in order from its queue
   * index and the reading stops once its places are filled, so a claim costs about the same with a
   * backlog of ten rows or of ten thousand.
   */
  private static final String CLAIM = """
      WITH busy AS (
        SELECT webhook_id, count(*) AS n FROM webhook_deliveries
        WHERE webhook_id = ANY ($1::uuid[]) AND status = 'pending' AND leased_until IS NOT NULL AND leased_until > now()
        GROUP BY webhook_id
      ), chosen AS (
        SELECT c.id FROM unnest($1::uuid[]) AS w(id)
        LEFT JOIN busy b ON b.webhook_id = w.id
        CROSS JOIN LATERAL (
          SELECT d.id, d.due_at FROM webhook_deliveries d
          WHERE d.webhook_id = w.id AND d.status = 'pending' AND d.due_at <= now()
            AND (d.leased_until IS NULL OR d.leased_until <= now())
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.webhook_id = d.webhook_id
                              AND p.ticket_id = d.ticket_id AND p.status = 'pending' AND p.seq < d.seq)
          ORDER BY d.due_at, d.created_at, d.seq
          LIMIT greatest($2::int - coalesce(b.n, 0), 0)
        ) c
        ORDER BY c.due_at LIMIT $3::int
      )
      UPDATE webhook_deliveries d
      SET leased_until = now() + $4::bigint * interval '1 millisecond', claimed_by = $5::text, attempts = d.attempts + 1
      FROM chosen c, webhooks w
      WHERE d.id = c.id AND w.id = d.webhook_id
      RETURNING d.id, d.webhook_id, d.ticket_id, d.seq, d.attempts, d.leased_until, w.url, w.secret""";

  /**
   * What the receivers said since the last round, then the next rows claimed, in one transaction: a
   * ticket's next event is claimable in the statement right after its previous one is recorded as sent.
   */
  static Future<List<Claimed>> recordAndClaim(Pool pool, List<Outcome> outcomes, int maxAttempts, int maxInFlight, int batch,
                                              long leaseMillis, String nodeId) {
    return pool.withTransaction(conn -> record(conn, outcomes, maxAttempts)
        .compose(v -> conn.query(LOCK_WEBHOOKS).execute()).compose(locked -> {
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

  /**
   * A receiver's answer to one claimed delivery: its HTTP status (null: no answer), whether it took
   * it (a 2xx), the error to show, and the wait before the next attempt when it did not.
   */
  record Outcome(Claimed delivery, Integer status, boolean taken, String error, long retryInMillis) {}

  /**
   * Records answers in one statement: a delivery taken is sent; one not taken is due again after its
   * wait, or dead-lettered once it has had its attempts. A lease that ran out (another node may have
   * the row now) changes nothing.
   */
  static Future<Void> record(SqlClient conn, List<Outcome> outcomes, int maxAttempts) {
    if (outcomes.isEmpty()) return Future.succeededFuture();
    int n = outcomes.size();
    UUID[] ids = new UUID[n];
    OffsetDateTime[] leases = new OffsetDateTime[n];
    Integer[] statuses = new Integer[n];
    String[] errors = new String[n];
    Boolean[] taken = new Boolean[n];
    Long[] waits = new Long[n];
    for (int i = 0; i < n; i++) {
      Outcome o = outcomes.get(i);
      ids[i] = o.delivery().id();
      leases[i] = o.delivery().lease();
      statuses[i] = o.status();
      errors[i] = o.error();
      taken[i] = o.taken();
      waits[i] = o.retryInMillis();
    }
    return conn.preparedQuery("""
            UPDATE webhook_deliveries d
            SET status = CASE WHEN r.taken THEN 'sent' WHEN d.attempts >= $7::int THEN 'failed' ELSE 'pending' END,
                last_status = r.status, last_error = r.error, leased_until = NULL,
                sent_at = CASE WHEN r.taken THEN now() ELSE d.sent_at END,
                due_at = CASE WHEN r.taken THEN d.due_at ELSE now() + r.wait * interval '1 millisecond' END
            FROM unnest($1::uuid[], $2::timestamptz[], $3::int[], $4::text[], $5::bool[], $6::bigint[])
                 AS r(id, lease, status, error, taken, wait)
            WHERE d.id = r.id AND d.status = 'pending' AND d.leased_until = r.lease""")
        .execute(Tuple.of(ids, leases, statuses, errors, taken, waits, maxAttempts)).mapEmpty();
  }

  /** A page of a subscription's deliveries, newest first, and the cursor of the next page (or null). */
  static Future<JsonObject> list(SqlClient client, UUID webhookId, String status, int limit, Keyset after) {
    return client.preparedQuery("""
            SELECT d.id, d.ticket_id, d.seq, d.type, d.status, d.attempts, d.last_status, d.created_at, t.number
            FROM webhook_deliveries d JOIN tickets t ON t.id = d.ticket_id
            WHERE d.webhook_id = $1 AND ($2::text IS NULL OR d.status = $2)
              AND ($4::timestamptz IS NULL OR d.created_at < $4 OR (d.created_at = $4 AND d.id > $5::uuid))
            ORDER BY d.created_at DESC, d.id LIMIT $3""")
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
            items.add(toJson(r).put("ticketNumber", r.getString("number")));
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

  /** Text as people and logs may see it: every query of an address in it left out ("?…"). */
  static String withoutQueries(String text) {
    return text == null ? null : text.replaceAll("\\?[^\\s\"'<>]*", "?…");
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
