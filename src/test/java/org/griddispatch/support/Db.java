package org.griddispatch.support;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.store.Database;

/** Direct reads of the test node's database, to check what was (or was not) written. */
public final class Db implements AutoCloseable {
  private final Pool pool;

  public Db(Vertx vertx, String uri) { this.pool = Database.pool(vertx, uri, 2, "test-db-" + System.nanoTime()); }

  public long count(String sql, Object... params) {
    return pool.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  public Row one(String sql, Object... params) {
    var rows = pool.preparedQuery(sql).execute(Tuple.from(params)).await();
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  /** Waits (without sleeping the thread's time away in one go) until the count reaches {@code expected}. */
  public long awaitCount(Vertx vertx, long expected, int seconds, String sql, Object... params) {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    long n = count(sql, params);
    while (n < expected && System.currentTimeMillis() < deadline) {
      vertx.timer(200).await();
      n = count(sql, params);
    }
    return n;
  }

  /** Tickets and events in the whole database: what a refused request must leave unchanged. */
  public long[] totals() {
    return new long[] {count("SELECT count(*) FROM tickets"), count("SELECT count(*) FROM ticket_events"),
        count("SELECT count(*) FROM users")};
  }

  /**
   * Every row of the given tables, as a digest per table ({@code count:md5} of the rows' text in
   * order): equal fingerprints mean nothing in those tables changed.
   */
  public java.util.Map<String, String> fingerprint(String... tables) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    for (String table : tables) {
      Row r = one("SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM " + table + " t");
      out.put(table, r.getString(0));
    }
    return out;
  }

  /** {@link #fingerprint} of every table of the schema. */
  public java.util.Map<String, String> fingerprint() {
    var rows = pool.query("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")
        .execute().await();
    java.util.List<String> tables = new java.util.ArrayList<>();
    rows.forEach(r -> tables.add(r.getString(0)));
    return fingerprint(tables.toArray(String[]::new));
  }

  @Override
  public void close() { pool.close().await(); }
}
