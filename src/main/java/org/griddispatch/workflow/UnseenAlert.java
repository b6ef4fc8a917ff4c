package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.ticket.Change;

/**
 * An urgent ticket its assignee's terminal has not shown in time (the seen clock's alert): the
 * timeline says so ({@code unseen_alert}), the grid's backup workers (AB岗) get it on their feeds and
 * may open it, and the assignee and the backups are sent a message (the notification outbox, by the
 * event's {@code notifyIds}). Backups on duty are told; when none is on duty, every active backup is.
 */
final class UnseenAlert {
  private UnseenAlert() {}

  private static final String BACKUPS = """
      SELECT u.id, u.name, on_duty_at(u.id, u.on_duty, $3, $4) AS on_duty
      FROM grid_backups b JOIN users u ON u.id = b.user_id
      WHERE b.grid_id = $1 AND u.active AND u.role = 'grid_worker' AND u.id IS DISTINCT FROM $2
      ORDER BY u.id""";

  /** The grid's backups to tell, added to the step's input as {@code backups: [{id, name}]}. */
  static Future<JsonObject> backups(SqlConnection conn, JsonObject t, JsonObject in, Action.Context ctx) {
    if (t.getString("gridId") == null) return Future.succeededFuture(in.put("backups", new JsonArray()));
    return conn.preparedQuery(BACKUPS).execute(Tuple.of(t.getString("gridId"), t.getString("assigneeId"), ctx.now(),
        ctx.calendar().zone().getId())).map(rows -> {
          JsonArray onDuty = new JsonArray();
          JsonArray all = new JsonArray();
          for (Row r : rows) {
            JsonObject b = new JsonObject().put("id", r.getString("id")).put("name", r.getString("name"));
            all.add(b);
            if (Boolean.TRUE.equals(r.getBoolean("on_duty"))) onDuty.add(b);
          }
          return in.put("backups", onDuty.isEmpty() ? all : onDuty);
        });
  }

  /** The alert: its event, the backups' feeds and sight of the ticket; the ticket's version stays. */
  static Change change(JsonObject t, JsonObject in, Action.Context ctx) {
    JsonArray backups = in.getJsonArray("backups", new JsonArray());
    JsonArray backupIds = new JsonArray();
    backups.forEach(b -> backupIds.add(((JsonObject) b).getString("id")));
    JsonArray notifyIds = new JsonArray().add(t.getString("assigneeId"));
    backupIds.forEach(notifyIds::add);
    JsonObject data = new JsonObject().put("clock", in.getString("clock")).put("deadline", in.getString("deadline"))
        .put("step", in.getString("step")).put("firedBy", in.getString("firedBy"))
        .put("assigneeId", t.getString("assigneeId")).put("assignedAt", t.getString("assignedAt"))
        .put("backups", backups).put("notifyIds", notifyIds);
    java.util.LinkedHashSet<String> alerted = new java.util.LinkedHashSet<>(
        org.griddispatch.common.Json.strings(t.getJsonArray("alertedIds", new JsonArray())));
    backupIds.forEach(id -> alerted.add((String) id));
    Change change = Change.timelineOnly("unseen_alert", data).set("unseen_alert_at", ctx.now())
        .set("alerted_ids", alerted.toArray(String[]::new));
    backupIds.forEach(id -> change.announceTo("user:" + id));
    return change;
  }
}
