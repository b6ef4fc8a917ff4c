package org.griddispatch.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import org.griddispatch.common.ApiError;

import java.time.ZoneId;
import java.util.function.BiFunction;

/**
 * One entry of the catalogue an admin puts whole: a category, a department, a service item or the
 * working calendar, already checked (a 400 is thrown by the factory), with how it is stored. The
 * one who writes it ({@code admin.CatalogChanges}) needs nothing else to know.
 */
public final class CatalogEntry {
  private final String kind;
  private final String key;
  private final JsonObject value;
  private final BiFunction<SqlConnection, String, Future<JsonObject>> reader;
  private final BiFunction<SqlConnection, JsonObject, Future<Void>> writer;
  /** The department the entry names, and the field that names it; null when it names none. */
  private final String department;
  private final String departmentField;

  private CatalogEntry(String kind, String key, JsonObject value, BiFunction<SqlConnection, String, Future<JsonObject>> reader,
                       BiFunction<SqlConnection, JsonObject, Future<Void>> writer, String department, String departmentField) {
    this.kind = kind;
    this.key = key;
    this.value = value;
    this.reader = reader;
    this.writer = writer;
    this.department = department;
    this.departmentField = departmentField;
  }

  public static CatalogEntry category(String code, JsonObject body) {
    JsonObject c = CategoryRules.category(code, body);
    return new CatalogEntry("category", code, c, CatalogStore::category, CatalogStore::writeCategory,
        c.getString("defaultDeptId"), "defaultDeptId");
  }

  public static CatalogEntry department(String id, JsonObject body) {
    return new CatalogEntry("department", id, DepartmentRules.department(id, body), CatalogStore::department,
        CatalogStore::writeDepartment, null, null);
  }

  public static CatalogEntry service(String code, JsonObject body) {
    JsonObject s = ServiceRules.service(code, body);
    return new CatalogEntry("service", code, s, CatalogStore::service, CatalogStore::writeService, s.getString("deptId"), "deptId");
  }

  public static CatalogEntry calendar(JsonObject body, ZoneId zone) {
    return new CatalogEntry("calendar", null, CalendarRules.calendar(body, zone), (conn, key) -> CatalogStore.calendar(conn),
        CatalogStore::writeCalendar, null, null);
  }

  /** {@code category}, {@code department}, {@code service} or {@code calendar}. */
  public String kind() { return kind; }

  /** The entry, checked and in its canonical form. */
  public JsonObject value() { return value.copy(); }

  /** What the audit log names as the changed thing: {@code category:gas_leak}, {@code calendar}. */
  public String target() { return key == null ? kind : kind + ":" + key; }

  /** The entry as stored now (read under the catalogue's lock, {@link CatalogStore#lock}), or null when it does not exist yet. */
  public Future<JsonObject> stored(SqlConnection conn) { return reader.apply(conn, key); }

  /** A department the entry names must exist: 400 naming the field otherwise. */
  public Future<Void> checkReferences(SqlConnection conn) {
    if (department == null) return Future.succeededFuture();
    return CatalogStore.departmentExists(conn, department).compose(exists -> exists ? Future.succeededFuture()
        : Future.failedFuture(ApiError.invalid(new JsonObject().put(departmentField, "unknown department"))));
  }

  public Future<Void> write(SqlConnection conn) { return writer.apply(conn, value); }
}
