package org.griddispatch.subdistrict;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Json;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes a subdistrict's departments, categories and service items: each row is added, or updated
 * only where it differs from the file (never removed), and what changed goes to the {@link LoadAudit}.
 */
final class CatalogueRows {
  private CatalogueRows() {}

  /** A catalogue table, what the files call it, its key, and the statement that writes a row only when it differs, answering its key. */
  private record Table(String name, String part, String key, String upsert) {}

  private static final Table DEPARTMENTS = new Table("departments", "departments", "id", """
      INSERT INTO departments (id, name, name_en, phone) VALUES ($1, $2, $3, $4)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, phone = excluded.phone
      WHERE (departments.name, departments.name_en, departments.phone) IS DISTINCT FROM (excluded.name, excluded.name_en, excluded.phone)
      RETURNING id""");
  private static final Table CATEGORIES = new Table("categories", "categories", "code", """
      INSERT INTO categories (code, name, name_en, grp, default_dept_id, priority, sla, attributes, private, active)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, true)
      ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, grp = excluded.grp,
        default_dept_id = excluded.default_dept_id, priority = excluded.priority, sla = excluded.sla,
        attributes = excluded.attributes, private = excluded.private, active = true
      WHERE (categories.name, categories.name_en, categories.grp, categories.default_dept_id, categories.priority, categories.sla,
             categories.attributes, categories.private, categories.active)
            IS DISTINCT FROM (excluded.name, excluded.name_en, excluded.grp, excluded.default_dept_id, excluded.priority, excluded.sla,
             excluded.attributes, excluded.private, true)
      RETURNING code""");
  private static final Table SERVICES = new Table("service_items", "services", "code", """
      INSERT INTO service_items (code, name, name_en, dept_id, modes, materials, eligibility, time_limit_days, active)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, true)
      ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en, dept_id = excluded.dept_id,
        modes = excluded.modes, materials = excluded.materials, eligibility = excluded.eligibility,
        time_limit_days = excluded.time_limit_days, active = true
      WHERE (service_items.name, service_items.name_en, service_items.dept_id, service_items.modes, service_items.materials,
             service_items.eligibility, service_items.time_limit_days, service_items.active)
            IS DISTINCT FROM (excluded.name, excluded.name_en, excluded.dept_id, excluded.modes, excluded.materials,
             excluded.eligibility, excluded.time_limit_days, true)
      RETURNING code""");

  /** Departments first: categories and service items refer to them. */
  static Future<Void> write(SqlConnection conn, Subdistrict s, LoadAudit audit) {
    return upsert(conn, DEPARTMENTS, s.departments().stream().map(d -> Tuple.of(d.getString("id"), d.getString("name"),
            d.getString("nameEn"), d.getString("phone"))).toList(), audit)
        .compose(v -> upsert(conn, CATEGORIES, s.categories().stream().map(c -> Tuple.of(c.getString("code"), c.getString("name"),
            c.getString("nameEn"), c.getString("group"), c.getString("defaultDeptId"), c.getString("priority"), c.getJsonObject("sla"))
            .addValue(c.getJsonArray("attributes")).addValue(c.getBoolean("private"))).toList(), audit))
        .compose(v -> upsert(conn, SERVICES, s.services().stream().map(i -> Tuple.of(i.getString("code"), i.getString("name"),
            i.getString("nameEn"), i.getString("deptId"), Json.strings(i.getJsonArray("modes")).toArray(String[]::new),
            i.getJsonArray("materials"), i.getString("eligibility"), i.getInteger("timeLimitDays"))).toList(), audit));
  }

  private static Future<Void> upsert(SqlConnection conn, Table table, List<Tuple> rows, LoadAudit audit) {
    if (rows.isEmpty()) return Future.succeededFuture();
    List<String> keys = rows.stream().map(r -> r.getString(0)).toList();
    return snapshot(conn, table, keys).compose(old -> conn.preparedQuery(table.upsert()).executeBatch(rows).compose(result -> {
      List<String> touched = new ArrayList<>();
      for (RowSet<Row> rs = result; rs != null; rs = rs.next()) rs.forEach(r -> touched.add(r.getString(0)));
      if (touched.isEmpty()) return Future.succeededFuture();
      return snapshot(conn, table, touched).map(now -> {
        audit.record(table.part(), new JsonArray(touched), LoadAudit.only(old, table.key(), touched), now);
        return null;
      });
    }));
  }

  private static Future<JsonArray> snapshot(SqlConnection conn, Table table, List<String> keys) {
    return Rows.json(conn, "SELECT to_jsonb(t) AS row FROM %1$s t WHERE %2$s = ANY($1) ORDER BY %2$s".formatted(table.name(), table.key()), keys);
  }
}
