package org.griddispatch.store;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/** Connection pools and migrations for the one PostgreSQL that is the source of truth. */
public final class Database {
  private Database() {}

  public static Pool pool(Vertx vertx, String uri, int size, String name) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(size).setMaxWaitQueueSize(4096).setShared(true).setName(name))
        .connectingTo(connectOptions(uri))
        .using(vertx)
        .build();
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

  /** Applies the versioned migrations; safe when several nodes start at once (Flyway takes a lock). */
  public static void migrate(String uri) {
    PgConnectOptions o = PgConnectOptions.fromUri(uri);
    String jdbc = "jdbc:postgresql://" + o.getHost() + ":" + o.getPort() + "/" + o.getDatabase();
    Flyway.configure()
        .dataSource(jdbc, o.getUser(), o.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
