package org.griddispatch.duty;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.AdminNode;
import org.griddispatch.support.Api;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker's roster is put, shown, replaced and removed by an admin, audited, and refused whole when anything is wrong. */
class RosterTest extends AdminNode {

  private static JsonObject shift(String from, String to) { return new JsonObject().put("from", from).put("to", to); }

  private static String path(String username) { return "/api/v1/admin/users/" + userId(username) + "/roster"; }

  private static long[] state() {
    return new long[] {db.count("SELECT count(*) FROM rosters"), db.count("SELECT count(*) FROM roster_shifts"),
        db.count("SELECT count(*) FROM roster_exceptions"), db.count("SELECT count(*) FROM audit_log")};
  }

  @Test
  void anAdminPutsShowsReplacesAndRemovesARosterAudited() {
    String admin = api.login("admin");
    String path = path("worker-bts-01");
    String target = "user:" + userId("worker-bts-01");
    JsonObject roster = new JsonObject()
        .put("weekly", new JsonObject()
            .put("wed", new JsonArray().add(shift("14:00", "18:00")).add(shift("08:30", "12:00")))
            .put("mon", new JsonArray().add(shift("08:30", "17:30"))))
        .put("exceptions", new JsonArray()
            .add(new JsonObject().put("date", "2026-12-25").put("from", "09:00").put("to", "11:00"))
            .add(new JsonObject().put("date", "2026-12-01").put("off", true)));
    Api.Response created = put(path, admin, roster);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    // in order: days of the week, shifts by time, exceptions by date
    JsonObject shown = created.json();
    assertThat(shown.getJsonObject("weekly").fieldNames()).containsExactly("mon", "wed");
    assertThat(shown.getJsonObject("weekly").getJsonArray("wed").getJsonObject(0).getString("from")).isEqualTo("08:30");
    assertThat(shown.getJsonArray("exceptions")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("date", "2026-12-01").put("off", true))
        .add(new JsonObject().put("from", "09:00").put("to", "11:00").put("date", "2026-12-25")));
    assertThat(shown.getString("userId")).isEqualTo(userId("worker-bts-01"));
    assertThat(shown.getString("updatedAt")).isNotNull();
    assertThat(api.get(path, admin).json()).isEqualTo(shown);
    assertThat(api.get(path, api.login("dispatcher")).json()).isEqualTo(shown);
    assertThat(api.get(path, api.login("worker-bts-01")).json()).isEqualTo(shown);
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'roster.change' AND target = $1 AND before IS NULL", target))
        .isEqualTo(1);

    // the same again changes nothing; another replaces it
    assertThat(put(path, admin, roster).status()).isEqualTo(200);
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'roster.change' AND target = $1", target)).isEqualTo(1);
    Api.Response replaced = put(path, admin, new JsonObject().put("weekly", new JsonObject().put("sun", new JsonArray()
        .add(shift("20:00", "08:00")))));
    assertThat(replaced.status()).isEqualTo(200);
    assertThat(replaced.json().getJsonArray("exceptions")).isEmpty();
    assertThat(db.count("SELECT count(*) FROM roster_shifts WHERE user_id = $1", userId("worker-bts-01"))).isEqualTo(1);
    JsonObject audited = new JsonObject(db.one("SELECT before::text FROM audit_log WHERE action = 'roster.change' AND target = $1"
        + " ORDER BY id DESC LIMIT 1", target).getString(0));
    assertThat(audited.getJsonObject("weekly").fieldNames()).containsExactly("mon", "wed");

    assertThat(delete(path, admin).status()).isEqualTo(204);
    assertThat(api.get(path, admin).status()).isEqualTo(404);
    assertThat(delete(path, admin).status()).isEqualTo(404);
    assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'roster.delete' AND target = $1 AND after IS NULL", target))
        .isEqualTo(1);
    assertThat(db.count("SELECT count(*) FROM roster_shifts WHERE user_id = $1", userId("worker-bts-01"))).isZero();
  }

  @Test
  void badRostersAreRefusedWholeAndChangeNothing() {
    String admin = api.login("admin");
    String path = path("worker-bts-02");
    JsonObject good = new JsonObject().put("weekly", new JsonObject().put("mon", new JsonArray().add(shift("08:30", "17:30"))));
    assertThat(put(path, admin, good).status()).isEqualTo(201);
    JsonObject before = api.get(path, admin).json();
    long[] state = state();

    JsonArray fiveShifts = new JsonArray();
    for (int h = 0; h < 5; h++) fiveShifts.add(shift(String.format("%02d:00", h * 2), String.format("%02d:00", h * 2 + 1)));
    List<Map.Entry<String, Object>> bad = List.of(
        Map.entry("weekly", new JsonObject()),
        Map.entry("weekly", new JsonObject().put("weekly", "mon-fri")),
        Map.entry("weekly.funday", new JsonObject().put("weekly", new JsonObject().put("funday", new JsonArray()))),
        Map.entry("weekly.mon", new JsonObject().put("weekly", new JsonObject().put("mon", "08:30-17:30"))),
        Map.entry("weekly.mon", new JsonObject().put("weekly", new JsonObject().put("mon", fiveShifts))),
        Map.entry("weekly.mon", new JsonObject().put("weekly", new JsonObject().put("mon", new JsonArray()
            .add(shift("08:00", "12:00")).add(shift("11:00", "14:00"))))), // overlapping
        Map.entry("weekly.mon[0].from", new JsonObject().put("weekly", new JsonObject().put("mon", new JsonArray()
            .add(shift("8:30", "17:30"))))),
        Map.entry("weekly.mon[0].to", new JsonObject().put("weekly", new JsonObject().put("mon", new JsonArray()
            .add(new JsonObject().put("from", "08:30"))))),
        Map.entry("weekly.mon[0].to", new JsonObject().put("weekly", new JsonObject().put("mon", new JsonArray()
            .add(shift("08:30", "24:00"))))),
        Map.entry("weekly.mon[0].break", new JsonObject().put("weekly", new JsonObject().put("mon", new JsonArray()
            .add(shift("08:30", "17:30").put("break", "12:00"))))),
        Map.entry("exceptions", good.copy().put("exceptions", new JsonObject())),
        Map.entry("exceptions[0].date", good.copy().put("exceptions", new JsonArray()
            .add(new JsonObject().put("date", "2026-02-30").put("off", true)))),
        Map.entry("exceptions[0]", good.copy().put("exceptions", new JsonArray()
            .add(shift("09:00", "10:00").put("date", "2026-12-01").put("off", true)))),
        Map.entry("exceptions[0]", good.copy().put("exceptions", new JsonArray().add(new JsonObject().put("date", "2026-12-01")))),
        Map.entry("exceptions[0].off", good.copy().put("exceptions", new JsonArray()
            .add(new JsonObject().put("date", "2026-12-01").put("off", "yes")))),
        Map.entry("exceptions[1]", good.copy().put("exceptions", new JsonArray()
            .add(new JsonObject().put("date", "2026-12-01").put("off", true))
            .add(shift("09:00", "10:00").put("date", "2026-12-01")))),
        Map.entry("exceptions[1].to", good.copy().put("exceptions", new JsonArray()
            .add(shift("09:00", "10:00").put("date", "2026-12-01"))
            .add(shift("09:30", "bad").put("date", "2026-12-01")))),
        Map.entry("exceptions[0].holiday", good.copy().put("exceptions", new JsonArray()
            .add(new JsonObject().put("date", "2026-12-01").put("off", true).put("holiday", true)))),
        Map.entry("shifts", good.copy().put("shifts", new JsonArray())));
    for (Map.Entry<String, Object> b : bad) {
      Api.Response r = put(path, admin, b.getValue());
      assertThat(fieldErrors(r).containsKey(b.getKey())).as(b.getKey() + " " + b.getValue() + ": " + r).isTrue();
    }
    assertThat(put(path, admin, "{\"weekly\":").errorCode()).isEqualTo("malformed_json");
    assertThat(put(path, admin, "[]").errorCode()).isEqualTo("malformed_json");
    // only grid workers have a roster; nobody has none
    assertThat(fieldErrors(put("/api/v1/admin/users/" + userId("dispatcher") + "/roster", admin, good)).containsKey("id")).isTrue();
    assertThat(put("/api/v1/admin/users/no-such-user/roster", admin, good).status()).isEqualTo(404);
    assertThat(delete("/api/v1/admin/users/no-such-user/roster", admin).status()).isEqualTo(404);

    assertThat(state()).isEqualTo(state);
    assertThat(api.get(path, admin).json()).isEqualTo(before);
    delete(path, admin);
  }

  @Test
  void onlyAnAdminChangesARosterAndOnlyTheCentreOrItsWorkerSeesIt() {
    String admin = api.login("admin");
    String path = path("worker-bts-03");
    JsonObject good = new JsonObject().put("weekly", new JsonObject().put("tue", new JsonArray().add(shift("08:30", "17:30"))));
    assertThat(put(path, admin, good).status()).isEqualTo(201);
    long[] state = state();
    for (String username : List.of("dispatcher", "supervisor", "worker-bts-03", "dept-env")) {
      String token = api.login(username);
      assertThat(put(path, token, good).status()).as(username).isEqualTo(403);
      assertThat(delete(path, token).status()).as(username).isEqualTo(403);
    }
    assertThat(put(path, api.resident("13800000001"), good).status()).isEqualTo(403);
    assertThat(api.get(path, api.login("worker-bts-04")).status()).isEqualTo(403);
    assertThat(api.get(path, api.login("dept-env")).status()).isEqualTo(403);
    assertThat(api.get(path, api.login("supervisor")).status()).isEqualTo(200);
    assertThat(state()).isEqualTo(state);
    assertThat(delete(path, admin).status()).isEqualTo(204);
  }
}
