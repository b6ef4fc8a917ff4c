package org.griddispatch.admin;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.AdminNode;
import org.griddispatch.support.Api;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /admin/audit}: newest first, page by page with no row twice, filtered, for admins and supervisors only. */
class AuditListingTest extends AdminNode {

  /** Every page of the listing for that query, followed by its cursors. */
  private static List<JsonObject> all(String query, String token, int limit) {
    List<JsonObject> rows = new ArrayList<>();
    String cursor = null;
    do {
      String path = "/api/v1/admin/audit?limit=" + limit + (query.isEmpty() ? "" : "&" + query)
          + (cursor == null ? "" : "&cursor=" + cursor);
      Api.Response r = api.get(path, token);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.json().getJsonArray("items").forEach(o -> rows.add((JsonObject) o));
      assertThat(r.json().getJsonArray("items").size()).isLessThanOrEqualTo(limit);
      cursor = r.json().getString("nextCursor");
    } while (cursor != null);
    return rows;
  }

  private static String encoded(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

  @Test
  void changesAreListedNewestFirstPagedAndFiltered() {
    String admin = api.login("admin");
    String adminId = userId("admin");
    // the node runs on this machine's clock: what it writes from now on is at or after this
    OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    for (int i = 0; i < 5; i++) {
      Api.Response r = put("/api/v1/admin/departments/audit-" + i, admin, new JsonObject().put("name", "审计部门" + i));
      assertThat(r.status()).isEqualTo(201);
    }
    assertThat(put("/api/v1/admin/departments/audit-0", admin, new JsonObject().put("name", "审计部门零")).status()).isEqualTo(200);
    String worker = userId("worker-yhq-04");
    assertThat(patch("/api/v1/admin/users/" + worker, admin, new JsonObject().put("name", "谢玉兰")).status()).isEqualTo(200);

    List<JsonObject> mine = all("from=" + encoded(start.toString()) + "&action=department.change", api.login("supervisor"), 2);
    assertThat(mine).hasSize(6);
    assertThat(mine.stream().map(o -> o.getString("target")).toList()).containsExactly("department:audit-0", "department:audit-4",
        "department:audit-3", "department:audit-2", "department:audit-1", "department:audit-0");
    JsonObject newest = mine.get(0);
    assertThat(newest.getJsonObject("actor")).isEqualTo(new JsonObject().put("id", adminId).put("role", "admin")
        .put("name", db.one("SELECT name FROM users WHERE id = $1", adminId).getString(0)));
    assertThat(newest.getJsonObject("before").getString("name")).isEqualTo("审计部门0");
    assertThat(newest.getJsonObject("after").getString("name")).isEqualTo("审计部门零");
    assertThat(mine.get(5).getValue("before")).isNull();
    for (int i = 1; i < mine.size(); i++) {
      assertThat(OffsetDateTime.parse(mine.get(i).getString("at"))).isBeforeOrEqualTo(OffsetDateTime.parse(mine.get(i - 1).getString("at")));
    }

    // every row once across pages of any size
    List<JsonObject> everything = all("", admin, 3);
    Set<String> seen = new HashSet<>();
    everything.forEach(o -> seen.add(o.encode()));
    assertThat(seen).hasSize(everything.size());
    assertThat(everything).hasSize((int) db.count("SELECT count(*) FROM audit_log"));

    // several actions, one actor, a time range
    assertThat(all("from=" + encoded(start.toString()) + "&action=department.change,user.change", admin, 50)).hasSize(7);
    assertThat(all("actor=" + adminId + "&from=" + encoded(start.toString()), admin, 50))
        .allMatch(o -> o.getJsonObject("actor").getString("id").equals(adminId)).hasSizeGreaterThanOrEqualTo(7);
    assertThat(all("actor=nobody", admin, 50)).isEmpty();
    assertThat(all("to=" + encoded(start.toString()) + "&action=department.change", admin, 50))
        .noneMatch(o -> o.getString("target").startsWith("department:audit-"));
    assertThat(all("from=2000-01-01&to=2000-01-02", admin, 50)).isEmpty();
  }

  @Test
  void badFiltersAreRefusedAndOnlyAdminsAndSupervisorsMayRead() {
    String admin = api.login("admin");
    for (String query : List.of("limit=0", "limit=201", "limit=ten", "cursor=not-a-cursor", "cursor=" + encoded("MTIzOmFiYw"),
        "from=yesterday", "to=2026-13-01", "from=2026-06-02&to=2026-06-01", "action=" + encoded("DROP TABLE"),
        "actor=" + "x".repeat(65))) {
      Api.Response r = api.get("/api/v1/admin/audit?" + query, admin);
      assertThat(r.status()).as(query + ": " + r).isEqualTo(400);
      assertThat(r.json().getJsonObject("error").getJsonObject("fields").fieldNames()).as(query).hasSize(1);
    }
    for (String username : List.of("dispatcher", "worker-yhq-01", "dept-env")) {
      Api.Response r = api.get("/api/v1/admin/audit", api.login(username));
      assertThat(r.status()).as(username).isEqualTo(403);
      assertThat(r.errorCode()).isEqualTo("forbidden");
    }
    assertThat(api.get("/api/v1/admin/audit", api.resident("13800000002")).status()).isEqualTo(403);
    assertThat(api.get("/api/v1/admin/audit", null).status()).isEqualTo(401);
    assertThat(api.get("/api/v1/admin/audit", api.login("supervisor")).status()).isEqualTo(200);
  }
}
