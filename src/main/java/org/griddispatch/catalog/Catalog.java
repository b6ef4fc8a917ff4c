package org.griddispatch.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import org.griddispatch.common.Json;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * An immutable snapshot of the catalogues (as the wire shows them) and the working calendar, at one
 * version of the catalogue. Whoever needs it asks the node's {@link CurrentCatalog} for the snapshot
 * of the moment and keeps it for the one operation at hand.
 */
public final class Catalog {
  private final long version;
  private final Map<String, JsonObject> categories;
  private final Map<String, JsonObject> services;
  private final Map<String, JsonObject> departments;
  private final WorkCalendar calendar;

  private Catalog(long version, Map<String, JsonObject> categories, Map<String, JsonObject> services,
                  Map<String, JsonObject> departments, WorkCalendar calendar) {
    this.version = version;
    this.categories = categories;
    this.services = services;
    this.departments = departments;
    this.calendar = calendar;
  }

  /** A catalogue from its entries as the API shows them (categories and items by code, departments by id). */
  public static Catalog of(JsonArray categories, JsonArray services, JsonArray departments, WorkCalendar calendar) {
    return new Catalog(0, byKey(categories, "code"), byKey(services, "code"), byKey(departments, "id"), calendar);
  }

  private static Map<String, JsonObject> byKey(JsonArray entries, String key) {
    Map<String, JsonObject> m = new LinkedHashMap<>();
    entries.forEach(o -> m.put(((JsonObject) o).getString(key), (JsonObject) o));
    return m;
  }

  static final String DEPARTMENT_COLUMNS = "id, name, name_en, phone";
  static final String CATEGORY_COLUMNS = "code, name, name_en, grp, default_dept_id, priority, sla, attributes, private";
  static final String SERVICE_COLUMNS = "code, name, name_en, dept_id, modes, materials, eligibility, time_limit_days";

  static JsonObject department(Row r) {
    return new JsonObject().put("id", r.getString("id")).put("name", r.getString("name")).put("nameEn", r.getString("name_en"))
        .put("phone", r.getString("phone"));
  }

  static JsonObject category(Row r) {
    return new JsonObject().put("code", r.getString("code"))
        .put("name", r.getString("name")).put("nameEn", r.getString("name_en")).put("group", r.getString("grp"))
        .put("defaultDeptId", r.getString("default_dept_id")).put("priority", r.getString("priority"))
        .put("sla", Json.obj(r.getValue("sla")))
        .put("attributes", r.getValue("attributes") instanceof JsonArray a ? a : new JsonArray())
        .put("private", r.getBoolean("private"));
  }

  static JsonObject service(Row r) {
    return new JsonObject().put("code", r.getString("code"))
        .put("name", r.getString("name")).put("nameEn", r.getString("name_en")).put("deptId", r.getString("dept_id"))
        .put("modes", Json.array(r.getArrayOfStrings("modes")))
        .put("materials", r.getValue("materials") instanceof JsonArray a ? a : new JsonArray())
        .put("eligibility", r.getString("eligibility")).put("timeLimitDays", r.getInteger("time_limit_days"));
  }

  /**
   * Reads the catalogue as it stands. The version is read first, so the entries read after it are at
   * least that new: a snapshot never claims a version whose changes it lacks.
   */
  public static Future<Catalog> load(SqlClient db, ZoneId zone) {
    return CatalogStore.version(db).compose(version -> {
      Future<Map<String, JsonObject>> depts = all(db, "SELECT " + DEPARTMENT_COLUMNS + " FROM departments ORDER BY id",
          "id", Catalog::department);
      Future<Map<String, JsonObject>> cats = all(db, "SELECT " + CATEGORY_COLUMNS + " FROM categories WHERE active ORDER BY code",
          "code", Catalog::category);
      Future<Map<String, JsonObject>> items = all(db, "SELECT " + SERVICE_COLUMNS + " FROM service_items WHERE active ORDER BY code",
          "code", Catalog::service);
      Future<JsonObject> calendar = CatalogStore.calendar(db);
      return Future.all(cats, items, depts, calendar).map(all -> new Catalog(version, cats.result(), items.result(),
          depts.result(), new WorkCalendar(zone, calendar.result())));
    });
  }

  private static Future<Map<String, JsonObject>> all(SqlClient db, String sql, String key, Function<Row, JsonObject> entry) {
    return db.query(sql).execute().map(rows -> {
      Map<String, JsonObject> m = new LinkedHashMap<>();
      rows.forEach(r -> {
        JsonObject e = entry.apply(r);
        m.put(e.getString(key), e);
      });
      return m;
    });
  }

  /** Which change of the catalogue this snapshot reflects; a newer snapshot has a larger one. */
  public long version() { return version; }

  public WorkCalendar calendar() { return calendar; }

  public JsonObject category(String code) { return code == null ? null : categories.get(code); }
  public JsonObject service(String code) { return code == null ? null : services.get(code); }
  public JsonObject department(String id) { return id == null ? null : departments.get(id); }

  /** A category whose reports are about people or households: their words stay off public feeds. */
  public boolean isPrivate(String categoryCode) {
    JsonObject c = category(categoryCode);
    return c != null && c.getBoolean("private", false);
  }

  public JsonArray categories() { return new JsonArray(categories.values().stream().map(JsonObject::copy).toList()); }
  public JsonArray services() { return new JsonArray(services.values().stream().map(JsonObject::copy).toList()); }
  public JsonArray departments() { return new JsonArray(departments.values().stream().map(JsonObject::copy).toList()); }
}
