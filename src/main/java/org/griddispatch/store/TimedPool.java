package org.griddispatch.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Query;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.SqlResult;
import io.vertx.sqlclient.Tuple;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collector;

/**
 * A pool whose every call answers within a bound. A frozen PostgreSQL (stopped, or a network that
 * drops packets silently) keeps its connections open and never answers, so without a bound a read
 * waits for the whole freeze; with one, the caller fails with a {@link SocketTimeoutException}
 * (503 with Retry-After to an HTTP client) and the connection stays in the pool, to answer once the
 * database thaws. A write that timed out may still commit then: clients retry with their
 * Idempotency-Key. Connections taken with {@link #getConnection()} are the caller's to bound.
 */
final class TimedPool implements Pool {
  private final Pool pool;
  private final long millis;

  TimedPool(Pool pool, long millis) {
    this.pool = pool;
    this.millis = millis;
  }

  /** The call, or a SocketTimeoutException once it has waited the bound (for a connection, or for the answer). */
  private <T> Future<T> bounded(Future<T> call) {
    return call.timeout(millis, TimeUnit.MILLISECONDS).recover(e -> Future.failedFuture(
        e instanceof TimeoutException || "Timeout waiting for connection".equals(e.getMessage())
            ? new SocketTimeoutException("The database did not answer within " + millis + " ms") : e));
  }

  @Override
  public Future<SqlConnection> getConnection() { return bounded(pool.getConnection()); }

  @Override
  public Query<RowSet<Row>> query(String sql) { return new TimedQuery<>(pool.query(sql)); }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql) { return new TimedPreparedQuery<>(pool.preparedQuery(sql)); }

  @Override
  public PreparedQuery<RowSet<Row>> preparedQuery(String sql, PrepareOptions options) {
    return new TimedPreparedQuery<>(pool.preparedQuery(sql, options));
  }

  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) { return bounded(pool.withTransaction(work)); }

  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> work) { return bounded(pool.withConnection(work)); }

  @Override
  public int size() { return pool.size(); }

  @Override
  public Future<Void> close() { return pool.close(); }

  private class TimedQuery<T> implements Query<T> {
    private final Query<T> query;

    TimedQuery(Query<T> query) { this.query = query; }

    @Override
    public Future<T> execute() { return bounded(query.execute()); }

    @Override
    public <R> Query<SqlResult<R>> collecting(Collector<Row, ?, R> collector) { return new TimedQuery<>(query.collecting(collector)); }

    @Override
    public <U> Query<RowSet<U>> mapping(Function<Row, U> mapper) { return new TimedQuery<>(query.mapping(mapper)); }
  }

  private class TimedPreparedQuery<T> extends TimedQuery<T> implements PreparedQuery<T> {
    private final PreparedQuery<T> query;

    TimedPreparedQuery(PreparedQuery<T> query) {
      super(query);
      this.query = query;
    }

    @Override
    public Future<T> execute(Tuple params) { return bounded(query.execute(params)); }

    @Override
    public Future<T> executeBatch(List<Tuple> batch) { return bounded(query.executeBatch(batch)); }

    @Override
    public <R> PreparedQuery<SqlResult<R>> collecting(Collector<Row, ?, R> collector) {
      return new TimedPreparedQuery<>(query.collecting(collector));
    }

    @Override
    public <U> PreparedQuery<RowSet<U>> mapping(Function<Row, U> mapper) { return new TimedPreparedQuery<>(query.mapping(mapper)); }
  }
}
