package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.ApiError;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether a token still stands, and what its user may see now: the user is active and still in the
 * generation the token was issued in (sign-out, deactivation, a new password or role raise it), and
 * their grids and department are the database's, not the token's, so an administrator's change of
 * them applies without a new sign-in. What the database says is believed for
 * {@code revocationCheckMillis} (1 s) per user, so a change reaches every node within that time even
 * without the cluster; {@code users.changed} drops it at once. One per event loop: not shared.
 *
 * <p>Users not believed are asked about together: while one read of their standing is on its way,
 * the users asked about meanwhile wait for the next, which reads all of them at once. So a burst of
 * sign-ins (thousands of terminals reconnecting when a node goes away) costs each event loop one read
 * at a time, never a read per socket queueing for the pool's connections until they time out (503).
 */
public final class Revocations {
  /** The generation to pass for a caller without a token (an integration's API key): only "active" counts. */
  public static final int ANY_GENERATION = -1;

  /** A user as the database has them now: the token generation that stands and their scope. */
  public record Standing(int generation, boolean active, List<String> gridIds, String deptId, long until) {
    /** The token's actor with the grids and department it has now. */
    public Actor scope(Actor signed) {
      return signed.gridIds().equals(gridIds) && Objects.equals(signed.deptId(), deptId) ? signed
          : new Actor(signed.id(), signed.role(), signed.name(), gridIds, deptId);
    }
  }

  private static final String STANDING = """
      SELECT u.id, u.token_generation, u.active, u.dept_id,
             array(SELECT g.grid_id FROM user_grids g WHERE g.user_id = u.id ORDER BY g.grid_id) AS grid_ids
      FROM users u WHERE u.id = ANY($1)""";

  private final Pool pool;
  private final long ttlMillis;
  private final java.time.Clock clock;
  private final Map<String, Standing> known = new HashMap<>();
  /** Users asked about while a read was on its way, and who waits for each: the next read's. */
  private Map<String, List<Promise<Standing>>> waiting = new HashMap<>();
  private boolean reading;

  /** {@code clock}: the node's, so that how long a belief lasts is the node's time (tests move it). */
  public Revocations(Pool pool, long ttlMillis, java.time.Clock clock) {
    this.pool = pool;
    this.ttlMillis = ttlMillis;
    this.clock = clock;
  }

  /** The token's actor with their current grids and department while the token stands; a 401 once it has been revoked. */
  public Future<Actor> check(Actor signed, int generation) {
    Standing k = known.get(signed.id());
    // a token newer than what is believed proves the belief stale (generations only grow)
    boolean believed = k != null && k.until() > clock.millis() && generation <= k.generation();
    Future<Standing> current = believed ? Future.succeededFuture(k) : standing(signed.id());
    return current.compose(c -> stands(c, generation) ? Future.succeededFuture(c.scope(signed))
        : Future.failedFuture(ApiError.unauthorized("This sign-in has ended; sign in again")));
  }

  /** Where the user stands now (null: inactive or unknown), read together with whoever else is asked about meanwhile. */
  private Future<Standing> standing(String userId) {
    Promise<Standing> p = Promise.promise();
    waiting.computeIfAbsent(userId, id -> new ArrayList<>()).add(p);
    readWaiting();
    return p.future();
  }

  /** One read of everyone waiting, unless one is on its way; then again for those who came meanwhile. */
  private void readWaiting() {
    if (reading || waiting.isEmpty()) return;
    Map<String, List<Promise<Standing>>> these = waiting;
    waiting = new HashMap<>();
    reading = true;
    standings(these.keySet()).onComplete(ar -> {
      reading = false;
      these.forEach((id, promises) -> promises.forEach(p -> {
        if (ar.succeeded()) p.complete(ar.result().get(id));
        else p.fail(ar.cause());
      }));
      readWaiting();
    });
  }

  /** Where each of these users stands now (one query); the inactive and unknown are left out. */
  public Future<Map<String, Standing>> standings(Set<String> userIds) {
    if (userIds.isEmpty()) return Future.succeededFuture(Map.of());
    return pool.preparedQuery(STANDING).execute(Tuple.of(userIds.toArray(String[]::new)))
        .map(rows -> {
          Map<String, Standing> current = new HashMap<>();
          for (Row r : rows) {
            Standing k = remember(r.getString("id"), r);
            if (k.active()) current.put(r.getString("id"), k);
          }
          // an unknown user is believed gone for the same time as a known one
          userIds.stream().filter(id -> !known.containsKey(id)).forEach(id -> remember(id, null));
          return current;
        });
  }

  /** The user changed: ask the database next time. */
  public void forget(String userId) {
    known.remove(userId);
  }

  private Standing remember(String userId, Row row) {
    long until = clock.millis() + ttlMillis;
    Standing k = row == null ? new Standing(Integer.MAX_VALUE, false, List.of(), null, until)
        : new Standing(row.getInteger("token_generation"), row.getBoolean("active"),
            List.of(row.getArrayOfStrings("grid_ids")), row.getString("dept_id"), until);
    if (known.size() > 100_000) known.clear(); // a bound, never reached by a subdistrict's users in a second
    known.put(userId, k);
    return k;
  }

  private static boolean stands(Standing k, int generation) {
    return k != null && k.active() && (generation == ANY_GENERATION || generation == k.generation());
  }
}
