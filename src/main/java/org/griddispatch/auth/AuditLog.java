package org.griddispatch.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;

/** Writes a row of the audit log (who, when, what, before, after), always inside the change's own transaction. */
public final class AuditLog {
  private AuditLog() {}

  private static final String INSERT = "INSERT INTO audit_log (at, actor_id, actor_role, actor_name, action, target, before, after)"
      + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";

  public static Future<Void> write(SqlClient conn, Actor actor, String action, String target, JsonObject before, JsonObject after,
                                   OffsetDateTime at) {
    return conn.preparedQuery(INSERT).execute(Tuple.of(at, actor.id(), actor.role().wire(), actor.name(), action, target, before)
        .addValue(after)).mapEmpty();
  }
}
