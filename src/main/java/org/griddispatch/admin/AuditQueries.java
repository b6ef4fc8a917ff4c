package org.griddispatch.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Json;
import org.griddispatch.common.Keyset;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Pages of the audit log, newest first, by keyset on (at, id): the index {@code audit_log_at} serves them. */
final class AuditQueries {
  /** What to list: actions (any of them; all when empty), one actor, a time range [from, to), a page. */
  record Filter(List<String> actions, String actorId, OffsetDateTime from, OffsetDateTime to, int limit, Keyset after) {}

  private final Pool pool;

  AuditQueries(Pool pool) { this.pool = pool; }

  Future<JsonObject> page(Filter f) {
    long afterId = f.after() == null ? 0 : Long.parseLong(f.after().key());
    return pool.preparedQuery("""
            SELECT id, at, actor_id, actor_role, actor_name, action, target, before, after FROM audit_log
            WHERE (cardinality($1::text[]) = 0 OR action = ANY($1))
              AND ($2::text IS NULL OR actor_id = $2)
              AND ($3::timestamptz IS NULL OR at >= $3) AND ($4::timestamptz IS NULL OR at < $4)
              AND ($5::timestamptz IS NULL OR (at, id) < ($5, $6))
            ORDER BY at DESC, id DESC LIMIT $7""")
        .execute(Tuple.of(f.actions().toArray(String[]::new), f.actorId(), f.from(), f.to(), f.after() == null ? null : f.after().at(),
            afterId, f.limit() + 1))
        .map(rows -> {
          JsonArray items = new JsonArray();
          Row last = null;
          for (Row r : rows) {
            if (items.size() == f.limit()) break;
            items.add(item(r));
            last = r;
          }
          String next = rows.size() > f.limit() ? new Keyset(last.getOffsetDateTime("at"), last.getLong("id").toString()).encode() : null;
          return new JsonObject().put("items", items).put("nextCursor", next);
        });
  }

  private static JsonObject item(Row r) {
    return new JsonObject().put("at", Json.time(r.getOffsetDateTime("at")))
        .put("actor", new JsonObject().put("id", r.getString("actor_id")).put("role", r.getString("actor_role"))
            .put("name", r.getString("actor_name")))
        .put("action", r.getString("action")).put("target", r.getString("target"))
        .put("before", r.getValue("before")).put("after", r.getValue("after"));
  }
}
