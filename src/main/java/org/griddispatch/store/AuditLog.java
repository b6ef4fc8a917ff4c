package org.griddispatch.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;

/** The one statement that writes a row of {@code audit_log}: who, when, what, and the state before and after. */
public final class AuditLog {
  private AuditLog() {}

  public static final String INSERT = "INSERT INTO audit_log (at, actor_id, actor_role, actor_name, action, target, before, after)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  /** Writes one row on {@code client}: a connection inside the caller's transaction, or a pool. */
  public static Future<Void> write(SqlClient client, OffsetDateTime at, String actorId, String actorRole, String actorName,
                                   String action, String target, JsonObject before, JsonObject after) {
    return client.preparedQuery(INSERT)
        .execute(Tuple.of(at, actorId, actorRole, actorName, action, target, before, after)).mapEmpty();
  }
}
