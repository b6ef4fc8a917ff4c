package org.griddispatch.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.catalog.WorkCalendar;
import org.griddispatch.support.AdminNode;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An admin puts categories, departments, service items and the working calendar while the node
 * runs: new tickets follow at once, tickets already filed keep their deadlines, every change has
 * its audit row, and bad input or the wrong role changes nothing.
 */
class CatalogAdminTest extends AdminNode {
  private static final String RESIDENT = "13800000003";

  private static JsonObject category(String code) {
    for (Object o : api.get("/api/v1/categories", api.login("dispatcher")).json().getJsonArray("items")) {
      if (code.equals(((JsonObject) o).getString("code"))) return (JsonObject) o;
    }
    return null;
  }

  private static JsonObject file(String category, String gridId) {
    JsonObject p = Points.of(gridId);
    return api.file(RESIDENT, Api.report(category, p.getDouble("lat"), p.getDouble("lon"), "管子漏水"));
  }

  private static Duration respondTime(JsonObject ticket) {
    return Duration.between(OffsetDateTime.parse(ticket.getString("createdAt")),
        OffsetDateTime.parse(ticket.getJsonObject("deadlines").getString("respondBy")));
  }

  private static long auditRows(String action, String target) {
    return db.count("SELECT count(*) FROM audit_log WHERE action = $1 AND target = $2", action, target);
  }

  @Test
  void aNewSlaAppliesToTicketsFiledAfterwardsAndOldTicketsKeepTheirDeadlines() {
    String admin = api.login("admin");
    JsonObject old = file("water_leak", "sgj-03");
    assertThat(respondTime(old)).isEqualTo(Duration.ofMinutes(30));
    OffsetDateTime oldRespondDeadline = db.one("SELECT deadline_at FROM deadlines WHERE ticket_id = $1::uuid AND clock = 'respond'",
        old.getString("id")).getOffsetDateTime(0);

    JsonObject before = category("water_leak");
    JsonObject changed = before.copy();
    changed.getJsonObject("sla").put("respondMinutes", 45).put("resolveMinutes", 600);
    Api.Response r = put("/api/v1/admin/categories/water_leak", admin, changed);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().getJsonObject("sla").getInteger("respondMinutes")).isEqualTo(45);
    assertThat(category("water_leak")).isEqualTo(r.json());

    JsonObject fresh = file("water_leak", "sgj-03");
    assertThat(respondTime(fresh)).isEqualTo(Duration.ofMinutes(45));
    assertThat(Duration.between(OffsetDateTime.parse(fresh.getString("createdAt")),
        OffsetDateTime.parse(fresh.getJsonObject("deadlines").getString("resolveBy")))).isEqualTo(Duration.ofMinutes(600));

    // the old ticket keeps its deadlines, also once it changes (its clocks are synced again)
    JsonObject oldNow = api.get("/api/v1/tickets/" + old.getString("id"), admin).json();
    assertThat(oldNow.getJsonObject("deadlines")).isEqualTo(old.getJsonObject("deadlines"));
    assertThat(api.act(old.getString("id"), "comment", admin, new JsonObject().put("text", "跟进")).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/tickets/" + old.getString("id"), admin).json().getJsonObject("deadlines"))
        .isEqualTo(old.getJsonObject("deadlines"));
    assertThat(db.one("SELECT deadline_at FROM deadlines WHERE ticket_id = $1::uuid AND clock = 'respond'", old.getString("id"))
        .getOffsetDateTime(0)).isEqualTo(oldRespondDeadline);

    // audited with the policy before and after
    JsonObject row = new JsonObject(db.one("SELECT before::text, after::text FROM audit_log WHERE action = 'category.change'"
        + " AND target = 'category:water_leak' ORDER BY id DESC LIMIT 1").getString(0));
    assertThat(row.getJsonObject("sla").getInteger("respondMinutes")).isEqualTo(30);
    assertThat(new JsonObject(db.one("SELECT after::text FROM audit_log WHERE target = 'category:water_leak' ORDER BY id DESC LIMIT 1")
        .getString(0)).getJsonObject("sla").getInteger("respondMinutes")).isEqualTo(45);

    // the same entry again changes nothing and writes no audit row
    long rows = auditRows("category.change", "category:water_leak");
    assertThat(put("/api/v1/admin/categories/water_leak", admin, changed).status()).isEqualTo(200);
    assertThat(auditRows("category.change", "category:water_leak")).isEqualTo(rows);
  }

  @Test
  void newDepartmentsCategoriesAndServiceItemsAreCreatedAndUsable() {
    String admin = api.login("admin");
    Api.Response dept = put("/api/v1/admin/departments/heating", admin,
        new JsonObject().put("name", "供热站").put("nameEn", "Heating Station").put("phone", "0816-2261099"));
    assertThat(dept.status()).as(dept.toString()).isEqualTo(201);
    assertThat(auditRows("department.change", "department:heating")).isEqualTo(1);
    assertThat(db.one("SELECT before::text FROM audit_log WHERE target = 'department:heating'").getString(0)).isNull();

    JsonObject heating = new JsonObject().put("name", "暖气不热").put("nameEn", "No heating").put("group", "utilities")
        .put("defaultDeptId", "heating").put("priority", "high")
        .put("sla", new JsonObject().put("respondMinutes", 20).put("reportInMinutes", 60).put("resolveMinutes", 480)
            .put("ratingWindowHours", 48).put("clock", "calendar"))
        .put("attributes", new JsonArray().add(new JsonObject().put("code", "rooms").put("description", "几个房间 How many rooms?")
            .put("datatype", "number")));
    Api.Response created = put("/api/v1/admin/categories/no_heating", admin, heating);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.json().getString("code")).isEqualTo("no_heating");
    assertThat(category("no_heating")).isEqualTo(created.json());
    JsonObject t = file("no_heating", "dxm-02");
    assertThat(t.getString("priority")).isEqualTo("high");
    assertThat(respondTime(t)).isEqualTo(Duration.ofMinutes(20));
    // whistled in, the new department gets the category's report-in time
    String worker = api.login("worker-dxm-02");
    assertThat(api.act(t.getString("id"), "accept", worker, null).status()).isEqualTo(200);
    JsonObject whistled = api.act(t.getString("id"), "whistle", worker,
        new JsonObject().put("deptIds", new JsonArray().add("heating")).put("note", "请供热站到场")).json();
    JsonObject called = whistled.getJsonArray("departments").getJsonObject(0);
    assertThat(Duration.between(OffsetDateTime.parse(called.getString("calledAt")), OffsetDateTime.parse(called.getString("reportBy"))))
        .isEqualTo(Duration.ofMinutes(60));

    JsonObject item = new JsonObject().put("name", "供暖补贴").put("deptId", "heating").put("modes", new JsonArray().add("proxy"))
        .put("materials", new JsonArray().add("身份证")).put("eligibility", "本辖区居民").put("timeLimitDays", 10);
    Api.Response service = put("/api/v1/admin/services/heating_subsidy", admin, item);
    assertThat(service.status()).as(service.toString()).isEqualTo(201);
    JsonObject filed = api.post("/api/v1/tickets", api.resident(RESIDENT), new JsonObject().put("kind", "service")
        .put("serviceCode", "heating_subsidy").put("mode", "proxy").put("address", "三光街6号")).json();
    assertThat(filed.getString("serviceCode")).as(filed.encode()).isEqualTo("heating_subsidy");
    // replaced: the answer is 200 and the listing shows the new time limit
    Api.Response replaced = put("/api/v1/admin/services/heating_subsidy", admin, item.copy().put("timeLimitDays", 12));
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(api.get("/api/v1/services", admin).json().getJsonArray("items").stream()
        .filter(o -> "heating_subsidy".equals(((JsonObject) o).getString("code"))).findFirst().map(o -> ((JsonObject) o)
            .getInteger("timeLimitDays")).orElseThrow()).isEqualTo(12);
    assertThat(auditRows("service.change", "service:heating_subsidy")).isEqualTo(2);
  }

  @Test
  void theWorkingCalendarLivesInTheDatabaseAndNewTicketsCountOnIt() {
    String admin = api.login("admin");
    JsonObject first = api.get("/api/v1/admin/calendar", admin).json();
    assertThat(first.getString("timezone")).isEqualTo("Asia/Shanghai");
    assertThat(first.getJsonArray("workHours")).isEqualTo(new JsonArray().add(new JsonArray().add("09:00").add("12:00"))
        .add(new JsonArray().add("13:30").add("17:30")));
    assertThat(api.get("/api/v1/admin/calendar", api.login("dispatcher")).status()).isEqualTo(200);

    // hours no ordinary day has: a working-clock deadline can only land in them
    JsonObject odd = new JsonObject()
        .put("workHours", new JsonArray().add(new JsonArray().add("20:00").add("22:00")).add(new JsonArray().add("06:00").add("08:00")))
        .put("holidays", new JsonArray().add("2026-10-02").add("2026-10-01").add("2026-10-01"))
        .put("extraWorkdays", new JsonArray().add("2026-10-10"));
    try {
      Api.Response r = put("/api/v1/admin/calendar", admin, odd);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      // in order, without repeats, with the node's zone
      assertThat(r.json().getJsonArray("workHours").getJsonArray(0).getString(0)).isEqualTo("06:00");
      assertThat(r.json().getJsonArray("holidays")).isEqualTo(new JsonArray().add("2026-10-01").add("2026-10-02"));
      assertThat(api.get("/api/v1/admin/calendar", admin).json()).isEqualTo(r.json());
      assertThat(db.one("SELECT value->'workHours'->0->>0 FROM settings WHERE key = 'calendar'").getString(0)).isEqualTo("06:00");
      assertThat(auditRows("calendar.change", "calendar")).isGreaterThanOrEqualTo(1);

      JsonObject t = file("road_damage", "dxm-03"); // 120 working minutes to respond
      OffsetDateTime created = OffsetDateTime.parse(t.getString("createdAt"));
      OffsetDateTime respondBy = OffsetDateTime.parse(t.getJsonObject("deadlines").getString("respondBy"));
      assertThat(respondBy).isEqualTo(new WorkCalendar(ZoneId.of("Asia/Shanghai"), r.json()).plus(created, 120));
      int hour = respondBy.atZoneSameInstant(ZoneId.of("Asia/Shanghai")).getHour();
      assertThat(hour).isIn(6, 7, 8, 20, 21, 22);
    } finally {
      put("/api/v1/admin/calendar", admin, first);
    }
  }

  @Test
  void badInputOfEveryKindIsRefusedWithItsFieldsAndChangesNothing() {
    String admin = api.login("admin");
    JsonObject gas = category("gas_leak");
    Map<String, JsonObject> badCategories = Map.ofEntries(
        Map.entry("name", gas.copy().put("name", "")),
        Map.entry("priority", gas.copy().put("priority", "critical")),
        Map.entry("sla", gas.copy().putNull("sla")),
        Map.entry("sla.respondMinutes", slaWith(gas, "respondMinutes", 0)),
        Map.entry("sla.resolveMinutes", slaWith(gas, "resolveMinutes", 10)), // less than respondMinutes
        Map.entry("sla.reportInMinutes", slaWith(gas, "reportInMinutes", 1.5)),
        Map.entry("sla.ratingWindowHours", slaWith(gas, "ratingWindowHours", "72")),
        Map.entry("sla.clock", slaWith(gas, "clock", "lunar")),
        Map.entry("sla.pauseOnHold", slaWith(gas, "pauseOnHold", true)),
        Map.entry("defaultDeptId", gas.copy().put("defaultDeptId", "no-such-dept")),
        Map.entry("private", gas.copy().put("private", "yes")),
        Map.entry("colour", gas.copy().put("colour", "red")),
        Map.entry("code", gas.copy().put("code", "water_leak")),
        Map.entry("attributes[0].datatype", withAttribute(gas, new JsonObject().put("code", "a").put("description", "x")
            .put("datatype", "datetime"))),
        Map.entry("attributes[0].values", withAttribute(gas, new JsonObject().put("code", "a").put("description", "x")
            .put("datatype", "singlevaluelist"))),
        Map.entry("attributes[1].code", gas.copy().put("attributes", new JsonArray()
            .add(new JsonObject().put("code", "a").put("description", "x").put("datatype", "string"))
            .add(new JsonObject().put("code", "a").put("description", "y").put("datatype", "number")))));
    long audits = db.count("SELECT count(*) FROM audit_log");
    long version = db.one("SELECT value::text::bigint FROM settings WHERE key = 'catalog.version'").getLong(0);
    JsonArray categories = api.get("/api/v1/categories", admin).json().getJsonArray("items");
    JsonArray departments = api.get("/api/v1/departments", admin).json().getJsonArray("items");
    JsonArray services = api.get("/api/v1/services", admin).json().getJsonArray("items");

    badCategories.forEach((field, body) -> {
      Api.Response r = put("/api/v1/admin/categories/gas_leak", admin, body);
      assertThat(fieldErrors(r).containsKey(field)).as(field + ": " + r).isTrue();
      assertThat(r.errorCode()).isEqualTo("validation_failed");
    });
    assertThat(fieldErrors(put("/api/v1/admin/categories/Gas%20Leak", admin, without(gas, "code"))).containsKey("code")).isTrue();
    Api.Response notJson = put("/api/v1/admin/categories/gas_leak", admin, "{\"name\":");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.errorCode()).isEqualTo("malformed_json");
    assertThat(put("/api/v1/admin/categories/gas_leak", admin, "[1, 2]").errorCode()).isEqualTo("malformed_json");
    JsonObject everything = fieldErrors(put("/api/v1/admin/categories/gas_leak", admin, new JsonObject()));
    assertThat(everything.fieldNames()).contains("name", "priority", "sla");

    Map<String, JsonObject> badDepartments = Map.of(
        "name", new JsonObject().put("nameEn", "Nameless"),
        "phone", new JsonObject().put("name", "某部门").put("phone", "call us"),
        "id", new JsonObject().put("name", "某部门").put("id", "other"),
        "email", new JsonObject().put("name", "某部门").put("email", "a@b.c"));
    badDepartments.forEach((field, body) ->
        assertThat(fieldErrors(put("/api/v1/admin/departments/gas", admin, body)).containsKey(field)).as(field).isTrue());

    JsonObject item = new JsonObject().put("name", "补贴").put("deptId", "civil").put("modes", new JsonArray().add("proxy"))
        .put("timeLimitDays", 10);
    Map<String, JsonObject> badServices = Map.of(
        "modes", item.copy().put("modes", new JsonArray().add("teleport")),
        "timeLimitDays", item.copy().put("timeLimitDays", 0),
        "deptId", item.copy().put("deptId", "nowhere"),
        "materials", item.copy().put("materials", "身份证"),
        "name", without(item, "name"));
    badServices.forEach((field, body) ->
        assertThat(fieldErrors(put("/api/v1/admin/services/childcare_subsidy", admin, body)).containsKey(field)).as(field).isTrue());

    JsonObject calendar = api.get("/api/v1/admin/calendar", admin).json();
    List<Map.Entry<String, JsonObject>> badCalendars = List.of(
        Map.entry("workHours[0]", calendar.copy().put("workHours", new JsonArray().add(new JsonArray().add("9am").add("12:00")))),
        Map.entry("workHours", calendar.copy().put("workHours", new JsonArray().add(new JsonArray().add("09:00").add("12:00"))
            .add(new JsonArray().add("11:00").add("14:00")))), // overlapping
        Map.entry("workHours", calendar.copy().put("workHours", new JsonArray().add(new JsonArray().add("09:00").add("10:00")))),
        Map.entry("holidays[0]", calendar.copy().put("holidays", new JsonArray().add("2026-02-30"))),
        Map.entry("extraWorkdays", calendar.copy().put("extraWorkdays", new JsonArray().add("2026-11-26"))), // a Thursday
        Map.entry("extraWorkdays", calendar.copy().put("holidays", new JsonArray().add("2026-02-14"))
            .put("extraWorkdays", new JsonArray().add("2026-02-14"))),
        Map.entry("timezone", calendar.copy().put("timezone", "Europe/Paris")),
        Map.entry("holidays", calendar.copy().putNull("holidays")),
        Map.entry("lunarNewYear", calendar.copy().put("lunarNewYear", "2026-02-17")));
    badCalendars.forEach(bad ->
        assertThat(fieldErrors(put("/api/v1/admin/calendar", admin, bad.getValue())).containsKey(bad.getKey())).as(bad.getKey()).isTrue());

    // nothing changed anywhere
    assertThat(db.count("SELECT count(*) FROM audit_log")).isEqualTo(audits);
    assertThat(db.one("SELECT value::text::bigint FROM settings WHERE key = 'catalog.version'").getLong(0)).isEqualTo(version);
    assertThat(api.get("/api/v1/categories", admin).json().getJsonArray("items")).isEqualTo(categories);
    assertThat(api.get("/api/v1/departments", admin).json().getJsonArray("items")).isEqualTo(departments);
    assertThat(api.get("/api/v1/services", admin).json().getJsonArray("items")).isEqualTo(services);
    assertThat(api.get("/api/v1/admin/calendar", admin).json()).isEqualTo(calendar);
  }

  @Test
  void onlyAnAdminChangesTheCatalogue() {
    JsonObject gas = category("gas_leak");
    long audits = db.count("SELECT count(*) FROM audit_log");
    for (String token : List.of(api.login("dispatcher"), api.login("supervisor"), api.login("worker-dxm-01"),
        api.login("dept-gas"), api.resident(RESIDENT))) {
      for (String path : List.of("/api/v1/admin/categories/gas_leak", "/api/v1/admin/departments/gas",
          "/api/v1/admin/services/childcare_subsidy", "/api/v1/admin/calendar")) {
        Api.Response r = put(path, token, gas);
        assertThat(r.status()).as(path + " " + r).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("forbidden");
      }
    }
    assertThat(api.get("/api/v1/admin/calendar", api.login("worker-dxm-01")).status()).isEqualTo(403);
    assertThat(put("/api/v1/admin/categories/gas_leak", null, gas).status()).isEqualTo(401);
    assertThat(db.count("SELECT count(*) FROM audit_log")).isEqualTo(audits);
    assertThat(category("gas_leak")).isEqualTo(gas);
  }

  private static JsonObject slaWith(JsonObject category, String field, Object value) {
    JsonObject c = category.copy();
    c.getJsonObject("sla").put(field, value);
    return c;
  }

  private static JsonObject withAttribute(JsonObject category, JsonObject attribute) {
    return category.copy().put("attributes", new JsonArray().add(attribute));
  }

  private static JsonObject without(JsonObject entry, String field) {
    JsonObject c = entry.copy();
    c.remove(field);
    return c;
  }
}
