package org.griddispatch.store;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

import java.util.concurrent.TimeUnit;

/** Connection pools and migrations for the one PostgreSQL that is the source of truth. */
public final class Database {
  private Database() {}

  /** The advisory lock that keeps nodes starting together from redefining the same functions at once. */
  private static final long DEFINITIONS_LOCK = 0x6772696444L;

  /** A pool without a bound on its calls: for migrations, seeding, tools and tests. */
  public static Pool pool(Vertx vertx, String uri, int size, String name) {
    return build(vertx, uri, new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(4096).setShared(true).setName(name));
  }

  /**
   * A node's pool: every call, the wait for a connection included, answers within
   * {@code dbTimeoutMillis} (default 5 s), so a frozen database gives clients a quick 503 instead of
   * a hang, and the node recovers by itself when it thaws.
   */
  public static Pool pool(Vertx vertx, JsonObject config, int size, String name) {
    long millis = config.getLong("dbTimeoutMillis", 5000L);
    PoolOptions options = new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(4096).setShared(true).setName(name)
        .setConnectionTimeout((int) millis).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS);
    return new TimedPool(build(vertx, config.getString("pgUri"), options), millis);
  }

  private static Pool build(Vertx vertx, String uri, PoolOptions options) {
    return PgBuilder.pool().with(options).connectingTo(connectOptions(uri)).using(vertx).build();
  }

  /** How every connection is made, pooled or not: statements prepared once per connection and reused. */
  public static PgConnectOptions connectOptions(String uri) {
    return PgConnectOptions.fromUri(uri)
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256)
        // intake's batched insert is a long statement; above this limit it would be parsed and planned every time
        .setPreparedStatementCacheSqlLimit(16_384)
        .setPipeliningLimit(16);
  }

  /**
   * Runs {@code definitions} (statements the code generates at every start, such as the functions
   * holding the ticket vocabulary), then the versioned migrations, which may use them. Safe when
   * several nodes start at once: the definitions under an advisory lock, the migrations under Flyway's.
   */
  public static void migrate(String uri, String definitions) {
    underDefinitionsLock(uri, definitions, "Could not write the generated definitions");
    PgConnectOptions o = PgConnectOptions.fromUri(uri);
    Flyway.configure()
        .dataSource(jdbc(o), o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }

  /**
   * Runs {@code statements} once the migrations have run (what the schema must agree with in this
   * node's configuration, such as the zone the stats are summed in), under the same advisory lock as
   * the definitions, so nodes starting together do it one after the other.
   */
  public static void settle(String uri, String statements) {
    underDefinitionsLock(uri, statements, "Could not settle the schema with the configuration");
  }

  /** Runs {@code statements} in one transaction under the definitions' advisory lock. */
  private static void underDefinitionsLock(String uri, String statements, String failure) {
    PgConnectOptions o = PgConnectOptions.fromUri(uri);
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbc(o), o.getUser(), o.getPassword())) {
      c.setAutoCommit(false);
      try (java.sql.Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + DEFINITIONS_LOCK + ")");
        s.execute(statements);
      }
      c.commit();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(failure + ": " + e.getMessage(), e);
    }
  }

  private static String jdbc(PgConnectOptions o) {
    return "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
  }
}
