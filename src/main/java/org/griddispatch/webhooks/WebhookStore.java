package org.griddispatch.webhooks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Json;

import java.time.OffsetDateTime;
import java.util.UUID;

/** The subscriptions' table. The secret is written, never read back out to anyone but the sender. */
final class WebhookStore {
  private WebhookStore() {}

  private static final String COLUMNS = "id, url, events, account_id, created_at, created_by";

  static Future<Void> insert(SqlClient conn, UUID id, WebhookRequest req, OffsetDateTime now, String adminId) {
    return conn.preparedQuery("INSERT INTO webhooks (id, url, events, secret, account_id, created_at, created_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .execute(Tuple.of(id, req.url(), req.events().toArray(String[]::new), req.secret(), req.accountId(), now, adminId))
        .mapEmpty();
  }

  static Future<Boolean> accountExists(SqlClient conn, String accountId) {
    return conn.preparedQuery("SELECT 1 FROM users WHERE id = $1").execute(Tuple.of(accountId)).map(rows -> rows.size() > 0);
  }

  static Future<JsonArray> list(SqlClient client) {
    return client.query("SELECT " + COLUMNS + " FROM webhooks ORDER BY created_at, id").execute().map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(toJson(r)));
      return out;
    });
  }

  /** The subscription, locked for a change to it or its deliveries; null if there is none. */
  static Future<JsonObject> lock(SqlClient conn, UUID id) {
    return conn.preparedQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  static Future<JsonObject> read(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM webhooks WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : toJson(rows.iterator().next()));
  }

  /** Deletes it with its deliveries: nothing more goes to that URL. */
  static Future<Void> delete(SqlClient conn, UUID id) {
    return conn.preparedQuery("DELETE FROM webhooks WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }

  private static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("id", r.getUUID("id").toString())
        .put("url", r.getString("url"))
        .put("events", Json.array(r.getArrayOfStrings("events")))
        .put("accountId", r.getString("account_id"))
        .put("createdAt", Json.time(r.getOffsetDateTime("created_at")))
        .put("createdBy", r.getString("created_by"));
  }
}
