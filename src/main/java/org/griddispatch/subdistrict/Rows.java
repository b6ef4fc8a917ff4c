package org.griddispatch.subdistrict;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** Rows as JSON for the audit log: a query of one {@code row} column, by a list of keys. */
final class Rows {
  private Rows() {}

  static Future<JsonArray> json(SqlConnection conn, String sql, List<String> keys) {
    return conn.preparedQuery(sql).execute(Tuple.of((Object) keys.toArray(String[]::new))).map(rs -> {
      JsonArray out = new JsonArray();
      rs.forEach(r -> out.add(r.getValue("row")));
      return out;
    });
  }
}
