package org.griddispatch.duty;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Json;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The SQL of rosters: a roster's row, its weekly shifts and its dated exceptions (a day off has no times). */
final class RosterStore {
  private RosterStore() {}

  /** The worker's roster as the API shows it ({@code userId, weekly, exceptions, updatedAt}), or null without one. */
  static Future<JsonObject> read(SqlClient db, String userId) {
    Tuple id = Tuple.of(userId);
    return db.preparedQuery("SELECT updated_at FROM rosters WHERE user_id = $1").execute(id).compose(head -> {
      if (head.size() == 0) return Future.succeededFuture(null);
      OffsetDateTime updated = head.iterator().next().getOffsetDateTime(0);
      Future<Map<DayOfWeek, List<Roster.Shift>>> weekly = db.preparedQuery(
              "SELECT weekday, starts, ends FROM roster_shifts WHERE user_id = $1 ORDER BY weekday, starts").execute(id)
          .map(rows -> {
            Map<DayOfWeek, List<Roster.Shift>> days = new EnumMap<>(DayOfWeek.class);
            for (Row r : rows) days.computeIfAbsent(DayOfWeek.of(r.getShort(0)), d -> new ArrayList<>()).add(shift(r));
            return days;
          });
      Future<Map<LocalDate, List<Roster.Shift>>> exceptions = db.preparedQuery(
              "SELECT day, starts, ends FROM roster_exceptions WHERE user_id = $1 ORDER BY day, starts NULLS FIRST").execute(id)
          .map(rows -> {
            Map<LocalDate, List<Roster.Shift>> days = new TreeMap<>();
            for (Row r : rows) {
              List<Roster.Shift> day = days.computeIfAbsent(r.getLocalDate(0), d -> new ArrayList<>());
              if (r.getLocalTime(1) != null) day.add(shift(r));
            }
            return days;
          });
      return Future.all(weekly, exceptions).map(all -> new Roster(weekly.result(), exceptions.result()).toJson()
          .put("userId", userId).put("updatedAt", Json.time(updated)));
    });
  }

  private static Roster.Shift shift(Row r) { return new Roster.Shift(r.getLocalTime(1), r.getLocalTime(2)); }

  /** Replaces the worker's roster (or gives them one) in the caller's transaction. */
  static Future<Void> replace(SqlClient conn, String userId, Roster roster, OffsetDateTime now) {
    List<Tuple> shifts = new ArrayList<>();
    roster.weekly().forEach((day, list) -> list.forEach(s -> shifts.add(Tuple.of(userId, (short) day.getValue(), s.from(), s.to()))));
    List<Tuple> exceptions = new ArrayList<>();
    roster.exceptions().forEach((date, list) -> {
      if (Roster.off(list)) exceptions.add(Tuple.of(userId, date, null, null));
      list.forEach(s -> exceptions.add(Tuple.of(userId, date, s.from(), s.to())));
    });
    return delete(conn, userId)
        .compose(v -> conn.preparedQuery("INSERT INTO rosters (user_id, updated_at) VALUES ($1, $2)").execute(Tuple.of(userId, now)))
        .compose(v -> shifts.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery("INSERT INTO roster_shifts (user_id, weekday, starts, ends) VALUES ($1, $2, $3, $4)").executeBatch(shifts))
        .compose(v -> exceptions.isEmpty() ? Future.succeededFuture()
            : conn.preparedQuery("INSERT INTO roster_exceptions (user_id, day, starts, ends) VALUES ($1, $2, $3, $4)")
                .executeBatch(exceptions))
        .mapEmpty();
  }

  /** Removes the worker's roster (its shifts and exceptions go with it); answers whether there was one. */
  static Future<Boolean> delete(SqlClient conn, String userId) {
    return conn.preparedQuery("DELETE FROM rosters WHERE user_id = $1").execute(Tuple.of(userId)).map(r -> r.rowCount() > 0);
  }
}
