package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.ApiError;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether a token still stands: its user is active and still in the generation the token was issued
 * in (sign-out, deactivation, a new password, role, grid or department raise it). What the database
 * says is believed for {@code revocationCheckMillis} (1 s) per user, so a change reaches every node
 * within that time even without the cluster; {@code users.changed} drops it at once. One per event
 * loop: not shared.
 */
public final class Revocations {
  /** The generation to pass for a caller without a token (an integration's API key): only "active" counts. */
  public static final int ANY_GENERATION = -1;

  private record Known(int generation, boolean active, long until) {}

  private final Pool pool;
  private final long ttlNanos;
  private final Map<String, Known> known = new HashMap<>();

  public Revocations(Pool pool, long ttlMillis) {
    this.pool = pool;
    this.ttlNanos = ttlMillis * 1_000_000L;
  }

  /** Succeeds while the token stands; a 401 once it has been revoked. */
  public Future<Void> check(String userId, int generation) {
    Known k = known.get(userId);
    // a token newer than what is believed proves the belief stale (generations only grow)
    boolean believed = k != null && k.until() - System.nanoTime() > 0 && generation <= k.generation();
    Future<Known> current = believed ? Future.succeededFuture(k)
        : pool.preparedQuery("SELECT token_generation, active FROM users WHERE id = $1").execute(Tuple.of(userId))
            .map(rows -> remember(userId, rows.size() == 0 ? null : rows.iterator().next()));
    return current.compose(c -> stands(c, generation) ? Future.succeededFuture()
        : Future.failedFuture(ApiError.unauthorized("This sign-in has ended; sign in again")));
  }

  /** The current token generation of each of these users still active (one query); the inactive are left out. */
  public Future<Map<String, Integer>> currentGenerations(Set<String> userIds) {
    if (userIds.isEmpty()) return Future.succeededFuture(Map.of());
    return pool.preparedQuery("SELECT id, token_generation, active FROM users WHERE id = ANY($1)")
        .execute(Tuple.of(userIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Integer> current = new HashMap<>();
          for (Row r : rows) {
            Known k = remember(r.getString("id"), r);
            if (k.active()) current.put(r.getString("id"), k.generation());
          }
          return current;
        });
  }

  /** The user changed: ask the database next time. */
  public void forget(String userId) {
    known.remove(userId);
  }

  private Known remember(String userId, Row row) {
    Known k = row == null ? new Known(Integer.MAX_VALUE, false, System.nanoTime() + ttlNanos)
        : new Known(row.getInteger("token_generation"), row.getBoolean("active"), System.nanoTime() + ttlNanos);
    if (known.size() > 100_000) known.clear(); // a bound, never reached by a subdistrict's users in a second
    known.put(userId, k);
    return k;
  }

  private static boolean stands(Known k, int generation) {
    return k.active() && (generation == ANY_GENERATION || generation == k.generation());
  }
}
