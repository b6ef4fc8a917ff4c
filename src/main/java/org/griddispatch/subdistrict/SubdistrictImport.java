package org.griddispatch.subdistrict;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * {@code import DIR}: checks a subdistrict's files whole and, only when nothing at all is wrong, writes
 * them in one transaction. New accounts get the password their entry gives, or a generated one.
 */
public final class SubdistrictImport {
  private SubdistrictImport() {}

  /** Either the problems (nothing was written) or what was written. */
  public record Outcome(List<Problem> problems, SubdistrictWriter.Written written) {
    public boolean refused() { return !problems.isEmpty(); }
  }

  /** Checks and, when the files pass, writes them. */
  public static Future<Outcome> run(Vertx vertx, Pool pool, SubdistrictWriter writer, SubdistrictFiles files) {
    return vertx.executeBlocking(() -> SubdistrictCheck.check(files), false).compose(checked -> write(pool, writer, checked));
  }

  /** Writes files already checked ({@link SubdistrictCheck}); refused ones are answered as they are, untouched. */
  public static Future<Outcome> write(Pool pool, SubdistrictWriter writer, SubdistrictCheck.Checked checked) {
    if (!checked.ok()) return Future.succeededFuture(new Outcome(checked.problems(), null));
    return pool.withTransaction(conn -> conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(SubdistrictWriter.LOCK))
            .compose(v -> writer.write(conn, checked.subdistrict(), NewAccounts.generated())))
        .map(written -> new Outcome(List.of(), written));
  }
}
