package org.griddispatch.geo;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The SQL of the grid set: replacing it whole, inside the caller's transaction, and a summary of it
 * for the audit log. A grid left out of a new set is kept, inactive, never deleted: tickets filed in
 * it keep their grid (and their foreign key), while routing, {@code GET /grids} and new assignments
 * see only active grids. Only what differs is written, so replacing a set with itself changes nothing.
 */
public final class GridStore {
  /** Replacements wait for each other: two admins' sets never interleave their rows. */
  private static final long REPLACE_LOCK = 0x67726964736574L; // "gridset"

  private GridStore() {}

  /**
   * What a replacement changed: grids added (or active again), changed (names or boundary), removed
   * (now inactive), grids whose workers or backups changed, and the workers whose own grids changed
   * (their tokens carry their grids).
   */
  public record Replaced(List<String> added, List<String> changed, List<String> removed, List<String> restaffed,
                         List<String> movedWorkers) {
    public boolean isEmpty() {
      return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && restaffed.isEmpty();
    }

    public JsonObject toJson() {
      return new JsonObject().put("added", new JsonArray(added)).put("changed", new JsonArray(changed))
          .put("removed", new JsonArray(removed)).put("restaffed", new JsonArray(restaffed));
    }
  }

  /** Makes replacements wait for each other; call first in the transaction, before reading what is there. */
  public static Future<Void> lock(SqlClient conn) {
    return conn.preparedQuery("SELECT pg_advisory_xact_lock($1)").execute(Tuple.of(REPLACE_LOCK)).mapEmpty();
  }

  /** Makes {@code grids} the active grid set, with exactly their workers and backups; the caller holds {@link #lock}. */
  public static Future<Replaced> replace(SqlClient conn, List<GridSpec> grids) {
    String[] ids = grids.stream().map(GridSpec::id).toArray(String[]::new);
    Set<String> activeBefore = new TreeSet<>();
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    Set<String> restaffed = new TreeSet<>();
    Set<String> moved = new TreeSet<>();
    return conn.query("SELECT id FROM grids WHERE active").execute()
        .compose(rows -> {
          rows.forEach(r -> activeBefore.add(r.getString("id")));
          return conn.preparedQuery(UPSERT).execute(Tuple.of(ids,
              column(grids, GridSpec::name), column(grids, GridSpec::nameEn), column(grids, GridSpec::community),
              column(grids, GridSpec::communityId), column(grids, g -> g.boundary().encode())));
        })
        .compose(rows -> {
          for (Row r : rows) (activeBefore.contains(r.getString("id")) ? changed : added).add(r.getString("id"));
          return conn.preparedQuery("UPDATE grids SET active = false, updated_at = now() WHERE active AND id <> ALL($1::text[])"
              + " RETURNING id").execute(Tuple.of((Object) ids));
        })
        .compose(removedRows -> {
          List<String> removed = new ArrayList<>();
          removedRows.forEach(r -> removed.add(r.getString("id")));
          return assign(conn, "user_grids", grids, false)
              .compose(workers -> {
                workers.forEach(r -> {
                  restaffed.add(r.getString("grid_id"));
                  moved.add(r.getString("user_id"));
                });
                return assign(conn, "grid_backups", grids, true);
              })
              .map(backups -> {
                backups.forEach(r -> restaffed.add(r.getString("grid_id")));
                restaffed.retainAll(List.of(ids)); // a removed grid is reported as removed, not restaffed
                return new Replaced(sorted(added), sorted(changed), sorted(removed), List.copyOf(restaffed), List.copyOf(moved));
              });
        });
  }

  private static final String UPSERT = """
      INSERT INTO grids (id, name, name_en, community, community_id, boundary, active, updated_at)
      SELECT n.id, n.name, n.name_en, n.community, n.community_id, n.boundary::jsonb, true, now()
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
           AS n(id, name, name_en, community, community_id, boundary)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, community = excluded.community,
        community_id = excluded.community_id, boundary = excluded.boundary, active = true, updated_at = now()
      WHERE (grids.name, grids.name_en, grids.community, grids.community_id, grids.boundary, grids.active)
            IS DISTINCT FROM (excluded.name, excluded.name_en, excluded.community, excluded.community_id, excluded.boundary, true)
      RETURNING id""";

  /** Makes the table's (grid, user) pairs exactly the set's; answers the pairs removed and added. */
  private static Future<io.vertx.sqlclient.RowSet<Row>> assign(SqlClient conn, String table, List<GridSpec> grids, boolean backups) {
    List<String> gridIds = new ArrayList<>();
    List<String> userIds = new ArrayList<>();
    for (GridSpec g : grids) {
      for (String u : backups ? g.backupWorkerIds() : g.workerIds()) {
        gridIds.add(g.id());
        userIds.add(u);
      }
    }
    return conn.preparedQuery("""
            WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w(grid_id, user_id)),
            gone AS (DELETE FROM %1$s a WHERE NOT EXISTS (SELECT 1 FROM wanted w WHERE w.grid_id = a.grid_id AND w.user_id = a.user_id)
                     RETURNING a.grid_id, a.user_id),
            came AS (INSERT INTO %1$s (grid_id, user_id) SELECT grid_id, user_id FROM wanted ON CONFLICT DO NOTHING
                     RETURNING grid_id, user_id)
            SELECT grid_id, user_id FROM gone UNION ALL SELECT grid_id, user_id FROM came""".formatted(table))
        // two arrays: as (Object) each, or Tuple.of would spread the second as varargs
        .execute(Tuple.of((Object) gridIds.toArray(String[]::new), (Object) userIds.toArray(String[]::new)));
  }

  /**
   * The active grid set as the audit log keeps it: each grid's names, workers, backups and a
   * fingerprint of its polygon (an md5 of the stored GeoJSON), not the polygon itself.
   */
  public static Future<JsonObject> summary(SqlClient conn) {
    return conn.query("""
        SELECT g.id, g.name, g.community, left(md5(g.boundary::text), 12) AS shape,
               coalesce((SELECT array_agg(w.user_id ORDER BY w.user_id) FROM user_grids w WHERE w.grid_id = g.id), '{}') AS worker_ids,
               coalesce((SELECT array_agg(b.user_id ORDER BY b.user_id) FROM grid_backups b WHERE b.grid_id = g.id), '{}') AS backup_ids
        FROM grids g WHERE g.active ORDER BY g.id""").execute().map(rows -> {
      JsonArray out = new JsonArray();
      rows.forEach(r -> out.add(new JsonObject().put("id", r.getString("id")).put("name", r.getString("name"))
          .put("community", r.getString("community")).put("shape", r.getString("shape"))
          .put("workerIds", Json.array(r.getArrayOfStrings("worker_ids")))
          .put("backupWorkerIds", Json.array(r.getArrayOfStrings("backup_ids")))));
      return new JsonObject().put("grids", out);
    });
  }

  private static String[] column(List<GridSpec> grids, java.util.function.Function<GridSpec, String> value) {
    return grids.stream().map(value).toArray(String[]::new);
  }

  private static List<String> sorted(List<String> ids) {
    return ids.stream().sorted().toList();
  }
}
