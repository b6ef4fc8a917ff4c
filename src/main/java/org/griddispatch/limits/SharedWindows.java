package org.griddispatch.limits;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed windows counted in the database ({@code rate_windows}), for limits that must hold across nodes:
 * by account, phone or place. One statement counts a use against several counters at once.
 */
final class SharedWindows {
  /** A window that has ended starts afresh; the answer is each counter's uses and the seconds its window has left. */
  private static final String HIT = """
      INSERT INTO rate_windows AS w (key, window_start, window_seconds, uses)
      SELECT k, now(), s, 1 FROM unnest($1::text[], $2::int[]) AS t(k, s)
      ON CONFLICT (key) DO UPDATE SET
        uses         = CASE WHEN w.window_start > now() - make_interval(secs => excluded.window_seconds)
                            THEN w.uses + 1 ELSE 1 END,
        window_start = CASE WHEN w.window_start > now() - make_interval(secs => excluded.window_seconds)
                            THEN w.window_start ELSE now() END,
        window_seconds = excluded.window_seconds
      RETURNING key, uses, ceil(extract(epoch FROM window_start + make_interval(secs => window_seconds) - now()))::int AS wait
      """;
  /** An ended window means the same as no row; its row goes now and then, so the table stays small. */
  private static final String PURGE = "DELETE FROM rate_windows WHERE window_start + make_interval(secs => window_seconds) < now()";
  private static final int PURGE_EVERY = 1000;

  private final Pool pool;
  private final AtomicInteger sincePurge = new AtomicInteger();

  SharedWindows(Pool pool) { this.pool = pool; }

  Future<List<Hit>> hit(List<Counter> counters) {
    // in one order everywhere, so two statements counting the same counters never wait on each other in a cycle
    // (and each counter once: one statement may not update a row twice)
    TreeMap<String, Counter> byId = new TreeMap<>();
    counters.forEach(c -> byId.put(c.id(), c));
    List<Counter> sorted = List.copyOf(byId.values());
    if (sincePurge.incrementAndGet() % PURGE_EVERY == 0) pool.query(PURGE).execute();
    return pool.preparedQuery(HIT)
        .execute(Tuple.tuple().addArrayOfString(sorted.stream().map(Counter::id).toArray(String[]::new))
            .addArrayOfInteger(sorted.stream().map(c -> c.limit().windowSeconds()).toArray(Integer[]::new)))
        .map(rows -> {
          List<Hit> hits = new ArrayList<>();
          for (Row r : rows) {
            Counter c = byId.get(r.getString("key"));
            hits.add(new Hit(c.limit(), c.key(), r.getInteger("uses"), r.getInteger("wait")));
          }
          return hits;
        });
  }
}
