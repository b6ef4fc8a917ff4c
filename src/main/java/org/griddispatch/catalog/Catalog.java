package org.griddispatch.catalog;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import org.griddispatch.common.Json;

import java.util.LinkedHashMap;
import java.util.Map;

/** An immutable snapshot of the catalogues, as the wire shows them. */
public final class Catalog {
  private final Map<String, JsonObject> categories;
  private final Map<String, JsonObject> services;
  private final Map<String, JsonObject> departments;

  private Catalog(Map<String, JsonObject> categories, Map<String, JsonObject> services, Map<String, JsonObject> departments) {
    this.categories = categories;
    this.services = services;
    this.departments = departments;
  }

  /** A catalogue from its entries as the API shows them (categories and items by code, departments by id). */
  public static Catalog of(JsonArray categories, JsonArray services, JsonArray departments) {
    return new Catalog(byKey(categories, "code"), byKey(services, "code"), byKey(departments, "id"));
  }

  private static Map<String, JsonObject> byKey(JsonArray entries, String key) {
    Map<String, JsonObject> m = new LinkedHashMap<>();
    entries.forEach(o -> m.put(((JsonObject) o).getString(key), (JsonObject) o));
    return m;
  }

  public static Future<Catalog> load(SqlClient db) {
    Future<Map<String, JsonObject>> depts = db.query("SELECT id, name, name_en, phone FROM departments ORDER BY id").execute()
        .map(rows -> {
          Map<String, JsonObject> m = new LinkedHashMap<>();
          rows.forEach(r -> m.put(r.getString("id"), new JsonObject().put("id", r.getString("id"))
              .put("name", r.getString("name")).put("nameEn", r.getString("name_en")).put("phone", r.getString("phone"))));
          return m;
        });
    Future<Map<String, JsonObject>> cats = db.query(
            "SELECT code, name, name_en, grp, default_dept_id, priority, sla, attributes, private FROM categories"
                + " WHERE active ORDER BY code").execute()
        .map(rows -> {
          Map<String, JsonObject> m = new LinkedHashMap<>();
          rows.forEach(r -> m.put(r.getString("code"), new JsonObject().put("code", r.getString("code"))
              .put("name", r.getString("name")).put("nameEn", r.getString("name_en")).put("group", r.getString("grp"))
              .put("defaultDeptId", r.getString("default_dept_id")).put("priority", r.getString("priority"))
              .put("sla", Json.obj(r.getValue("sla")))
              .put("attributes", r.getValue("attributes") instanceof JsonArray a ? a : new JsonArray())
              .put("private", r.getBoolean("private"))));
          return m;
        });
    Future<Map<String, JsonObject>> items = db.query("""
            SELECT code, name, name_en, dept_id, modes, materials, eligibility, time_limit_days
            FROM service_items WHERE active ORDER BY code""").execute()
        .map(rows -> {
          Map<String, JsonObject> m = new LinkedHashMap<>();
          rows.forEach(r -> m.put(r.getString("code"), new JsonObject().put("code", r.getString("code"))
              .put("name", r.getString("name")).put("nameEn", r.getString("name_en")).put("deptId", r.getString("dept_id"))
              .put("modes", Json.array(r.getArrayOfStrings("modes")))
              .put("materials", r.getValue("materials") instanceof JsonArray a ? a : new JsonArray())
              .put("eligibility", r.getString("eligibility")).put("timeLimitDays", r.getInteger("time_limit_days"))));
          return m;
        });
    return Future.all(cats, items, depts).map(all -> new Catalog(cats.result(), items.result(), depts.result()));
  }

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
