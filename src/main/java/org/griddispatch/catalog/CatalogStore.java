package org.griddispatch.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Json;

/**
 * The SQL of the catalogue's version and of its entries one at a time. Every change of the
 * catalogue raises its version in its own transaction (which also makes changes wait for one
 * another); a node that sees a version newer than its snapshot's reads the catalogue again.
 */
public final class CatalogStore {
  private CatalogStore() {}

  static final String VERSION = "catalog.version";
  static final String CALENDAR = "calendar";

  /** The version of the catalogue as committed. */
  public static Future<Long> version(SqlClient db) {
    return db.preparedQuery("SELECT value::text::bigint FROM settings WHERE key = $1").execute(Tuple.of(VERSION))
        .map(rows -> rows.size() == 0 ? 0L : rows.iterator().next().getLong(0));
  }

  /**
   * Takes the catalogue's write lock inside the caller's transaction (the version's row, until the
   * transaction ends): changes of the catalogue happen one after the other.
   */
  public static Future<Void> lock(SqlClient conn) {
    return conn.preparedQuery("SELECT 1 FROM settings WHERE key = $1 FOR UPDATE").execute(Tuple.of(VERSION)).mapEmpty();
  }

  /**
   * Raises the version inside the caller's transaction and answers it. Anything that writes the
   * catalogue's tables (an import too) calls this in the same transaction, so that every node reads
   * the catalogue again.
   */
  public static Future<Long> raiseVersion(SqlClient conn) {
    return conn.preparedQuery("""
            INSERT INTO settings (key, value) VALUES ($1, '1')
            ON CONFLICT (key) DO UPDATE SET value = to_jsonb(settings.value::text::bigint + 1)
            RETURNING value::text::bigint""")
        .execute(Tuple.of(VERSION)).map(rows -> rows.iterator().next().getLong(0));
  }

  /** The stored working calendar (a document {@link CalendarRules} has checked). */
  static Future<JsonObject> calendar(SqlClient db) {
    return db.preparedQuery("SELECT value FROM settings WHERE key = $1").execute(Tuple.of(CALENDAR))
        .map(rows -> rows.size() == 0 ? new JsonObject() : Json.obj(rows.iterator().next().getValue(0)));
  }

  /** Stores the first calendar (the configuration's) unless the database already has one: the database wins. */
  static Future<Void> seedCalendar(SqlClient db, JsonObject calendar) {
    return db.preparedQuery("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
        .execute(Tuple.of(CALENDAR, calendar)).mapEmpty();
  }

  static Future<Void> writeCalendar(SqlClient conn, JsonObject calendar) {
    return conn.preparedQuery("UPDATE settings SET value = $2 WHERE key = $1").execute(Tuple.of(CALENDAR, calendar)).mapEmpty();
  }

  static Future<JsonObject> department(SqlClient db, String id) {
    return one(db, "SELECT " + Catalog.DEPARTMENT_COLUMNS + " FROM departments WHERE id = $1", id)
        .map(row -> row == null ? null : Catalog.department(row));
  }

  static Future<JsonObject> category(SqlClient db, String code) {
    return one(db, "SELECT " + Catalog.CATEGORY_COLUMNS + " FROM categories WHERE code = $1 AND active", code)
        .map(row -> row == null ? null : Catalog.category(row));
  }

  static Future<JsonObject> service(SqlClient db, String code) {
    return one(db, "SELECT " + Catalog.SERVICE_COLUMNS + " FROM service_items WHERE code = $1 AND active", code)
        .map(row -> row == null ? null : Catalog.service(row));
  }

  private static Future<io.vertx.sqlclient.Row> one(SqlClient db, String sql, String key) {
    return db.preparedQuery(sql).execute(Tuple.of(key)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  static Future<Boolean> departmentExists(SqlClient db, String id) {
    return db.preparedQuery("SELECT 1 FROM departments WHERE id = $1").execute(Tuple.of(id)).map(rows -> rows.size() > 0);
  }

  static Future<Void> writeDepartment(SqlClient conn, JsonObject d) {
    return conn.preparedQuery("""
            INSERT INTO departments (id, name, name_en, phone) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, phone = excluded.phone""")
        .execute(Tuple.of(d.getString("id"), d.getString("name"), d.getString("nameEn"), d.getString("phone"))).mapEmpty();
  }

  static Future<Void> writeCategory(SqlClient conn, JsonObject c) {
    return conn.preparedQuery("""
            INSERT INTO categories (code, name, name_en, grp, default_dept_id, priority, sla, attributes, private, active)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, grp = excluded.grp,
              default_dept_id = excluded.default_dept_id, priority = excluded.priority, sla = excluded.sla,
              attributes = excluded.attributes, private = excluded.private, active = true""")
        .execute(Tuple.of(c.getString("code"), c.getString("name"), c.getString("nameEn"), c.getString("group"),
            c.getString("defaultDeptId"), c.getString("priority"), c.getJsonObject("sla"))
            .addValue(c.getJsonArray("attributes")).addValue(c.getBoolean("private"))).mapEmpty();
  }

  static Future<Void> writeService(SqlClient conn, JsonObject s) {
    return conn.preparedQuery("""
            INSERT INTO service_items (code, name, name_en, dept_id, modes, materials, eligibility, time_limit_days, active)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true)
            ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, dept_id = excluded.dept_id,
              modes = excluded.modes, materials = excluded.materials, eligibility = excluded.eligibility,
              time_limit_days = excluded.time_limit_days, active = true""")
        .execute(Tuple.of(s.getString("code"), s.getString("name"), s.getString("nameEn"), s.getString("deptId"),
            Json.strings(s.getJsonArray("modes")).toArray(String[]::new), s.getJsonArray("materials"),
            s.getString("eligibility"), s.getInteger("timeLimitDays"))).mapEmpty();
  }
}
