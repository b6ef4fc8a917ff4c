package org.griddispatch.duty;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.AdminNode;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routing honours duty: the grid's workers on duty first, then its backups (AB岗) on duty, then the
 * centre's queue; a roster outside its hours is off duty; going off duty keeps one's open tickets;
 * the centre's duty board shows the same. Grids jgm-01 (two workers), jgm-03 and wls-04 are this
 * test's.
 */
class DutyRoutingTest extends AdminNode {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private static final String RESIDENT = "13800000002";

  @AfterEach
  void everyoneBackOnDuty() {
    String admin = api.login("admin");
    for (String u : List.of("worker-jgm-01", "worker-jgm-01b", "worker-jgm-02", "worker-jgm-03")) {
      patch("/api/v1/admin/users/" + userId(u), admin, new JsonObject().put("onDuty", true));
      delete("/api/v1/admin/users/" + userId(u) + "/roster", admin);
    }
    db.count("WITH gone AS (DELETE FROM grid_backups WHERE grid_id = 'jgm-01' RETURNING 1) SELECT count(*) FROM gone");
  }

  private static JsonObject file(String gridId) {
    JsonObject p = Points.of(gridId);
    return api.file(RESIDENT, Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "垃圾堆积"));
  }

  private static void onDuty(String username, boolean on) {
    Api.Response r = patch("/api/v1/admin/users/" + userId(username), api.login("admin"), new JsonObject().put("onDuty", on));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  private static void backup(String gridId, String username) {
    db.count("WITH added AS (INSERT INTO grid_backups (grid_id, user_id) VALUES ($1, $2) RETURNING 1) SELECT count(*) FROM added",
        gridId, userId(username));
  }

  private static JsonObject board(String gridId) {
    Api.Response r = api.get("/api/v1/duty", api.login("dispatcher"));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json().getJsonArray("items").stream().map(o -> (JsonObject) o).filter(g -> gridId.equals(g.getString("gridId")))
        .findFirst().orElseThrow();
  }

  private static JsonObject person(JsonArray people, String username) {
    String id = userId(username);
    return people.stream().map(o -> (JsonObject) o).filter(p -> id.equals(p.getString("id"))).findFirst().orElseThrow();
  }

  @Test
  void aWorkerOffDutyIsSkippedAndKeepsTheirOpenTickets() {
    JsonObject first = file("jgm-01");
    String kept = first.getString("assigneeId");
    String keptName = kept.equals(userId("worker-jgm-01")) ? "worker-jgm-01" : "worker-jgm-01b";
    String other = keptName.equals("worker-jgm-01") ? "worker-jgm-01b" : "worker-jgm-01";
    onDuty(keptName, false);
    for (int i = 0; i < 3; i++) assertThat(file("jgm-01").getString("assigneeId")).isEqualTo(userId(other));
    JsonObject stillTheirs = api.get("/api/v1/tickets/" + first.getString("id"), api.login("dispatcher")).json();
    assertThat(stillTheirs.getString("assigneeId")).isEqualTo(kept);
    assertThat(stillTheirs.getString("status")).isEqualTo("assigned");
    // and they can still work on it
    assertThat(api.act(first.getString("id"), "accept", api.login(keptName), null).status()).isEqualTo(200);

    JsonObject grid = board("jgm-01");
    assertThat(person(grid.getJsonArray("workers"), keptName).getBoolean("onDutyNow")).isFalse();
    assertThat(person(grid.getJsonArray("workers"), other).getBoolean("onDutyNow")).isTrue();
    assertThat(grid.getJsonObject("nextAssignee").getString("id")).isEqualTo(userId(other));
  }

  @Test
  void allWorkersOffDutyTheBackupTakesItThenNobodyAndTheCentreQueues() {
    backup("jgm-01", "worker-jgm-02");
    onDuty("worker-jgm-01", false);
    onDuty("worker-jgm-01b", false);
    JsonObject toBackup = file("jgm-01");
    assertThat(toBackup.getString("status")).isEqualTo("assigned");
    assertThat(toBackup.getString("gridId")).isEqualTo("jgm-01");
    assertThat(toBackup.getString("assigneeId")).isEqualTo(userId("worker-jgm-02"));
    JsonObject grid = board("jgm-01");
    assertThat(person(grid.getJsonArray("backups"), "worker-jgm-02").getBoolean("onDutyNow")).isTrue();
    assertThat(grid.getJsonObject("nextAssignee").getString("id")).isEqualTo(userId("worker-jgm-02"));

    onDuty("worker-jgm-02", false);
    JsonObject queued = file("jgm-01");
    assertThat(queued.getString("status")).isEqualTo("received");
    assertThat(queued.getString("assigneeId")).isNull();
    assertThat(queued.getString("gridId")).isEqualTo("jgm-01");
    assertThat(board("jgm-01").getValue("nextAssignee")).isNull();
    // the centre's re-dispatch to the grid finds nobody either, until the backup is back
    String dispatcher = api.login("dispatcher");
    Api.Response nobody = api.act(queued.getString("id"), "reassign", dispatcher, new JsonObject().put("gridId", "jgm-01"));
    assertThat(nobody.status()).as(nobody.toString()).isEqualTo(409);
    assertThat(nobody.errorCode()).isEqualTo("no_worker");
    onDuty("worker-jgm-02", true);
    Api.Response reassigned = api.act(queued.getString("id"), "reassign", dispatcher, new JsonObject().put("gridId", "jgm-01"));
    assertThat(reassigned.status()).as(reassigned.toString()).isEqualTo(200);
    assertThat(reassigned.json().getString("assigneeId")).isEqualTo(userId("worker-jgm-02"));
    // a worker of the grid back on duty comes before the backup again
    onDuty("worker-jgm-01b", true);
    assertThat(file("jgm-01").getString("assigneeId")).isEqualTo(userId("worker-jgm-01b"));
  }

  @Test
  void aRosterOutsideItsHoursCountsAsOffDuty() {
    String admin = api.login("admin");
    String roster = "/api/v1/admin/users/" + userId("worker-jgm-03") + "/roster";
    LocalTime now = OffsetDateTime.now(SHANGHAI).toLocalTime();
    JsonObject later = new JsonObject().put("from", hhmm(now.plusHours(2))).put("to", hhmm(now.plusHours(3)));
    assertThat(put(roster, admin, new JsonObject().put("weekly", everyDay(later))).status()).isEqualTo(201);
    JsonObject outside = file("jgm-03");
    assertThat(outside.getString("status")).isEqualTo("received");
    JsonObject worker = person(board("jgm-03").getJsonArray("workers"), "worker-jgm-03");
    assertThat(worker.getBoolean("onDuty")).isTrue();
    assertThat(worker.getBoolean("rostered")).isTrue();
    assertThat(worker.getBoolean("onDutyNow")).isFalse();

    // on duty all week, but today is a day off
    JsonObject allDay = new JsonObject().put("from", "00:00").put("to", "00:00");
    JsonObject dayOff = new JsonObject().put("weekly", everyDay(allDay)).put("exceptions", new JsonArray()
        .add(new JsonObject().put("date", LocalDate.now(SHANGHAI).toString()).put("off", true)));
    assertThat(put(roster, admin, dayOff).status()).isEqualTo(200);
    assertThat(file("jgm-03").getString("status")).isEqualTo("received");

    assertThat(put(roster, admin, new JsonObject().put("weekly", everyDay(allDay))).status()).isEqualTo(200);
    assertThat(file("jgm-03").getString("assigneeId")).isEqualTo(userId("worker-jgm-03"));
    // the switch still rules over the roster
    onDuty("worker-jgm-03", false);
    assertThat(file("jgm-03").getString("status")).isEqualTo("received");
  }

  @Test
  void onDutyFollowsShiftsPastMidnightAndDatedExceptions() {
    String worker = userId("worker-wls-04");
    JsonObject body = new JsonObject()
        .put("weekly", new JsonObject()
            .put("mon", new JsonArray().add(new JsonObject().put("from", "08:30").put("to", "17:30")))
            .put("fri", new JsonArray().add(new JsonObject().put("from", "20:00").put("to", "08:00"))))
        .put("exceptions", new JsonArray()
            .add(new JsonObject().put("date", "2026-12-07").put("off", true))
            .add(new JsonObject().put("date", "2026-12-08").put("from", "10:00").put("to", "12:00")));
    String admin = api.login("admin");
    String path = "/api/v1/admin/users/" + worker + "/roster";
    try {
      assertThat(put(path, admin, body).status()).isEqualTo(201);
      // Monday 30 November 2026
      assertThat(onDutyAt(worker, true, "2026-11-30T08:29")).isFalse();
      assertThat(onDutyAt(worker, true, "2026-11-30T08:30")).isTrue();
      assertThat(onDutyAt(worker, true, "2026-11-30T17:29")).isTrue();
      assertThat(onDutyAt(worker, true, "2026-11-30T17:30")).isFalse();
      assertThat(onDutyAt(worker, false, "2026-11-30T12:00")).isFalse(); // the switch off
      assertThat(onDutyAt(worker, true, "2026-12-01T12:00")).isFalse(); // Tuesday: no shift
      // Friday's night shift runs into Saturday morning
      assertThat(onDutyAt(worker, true, "2026-12-04T19:59")).isFalse();
      assertThat(onDutyAt(worker, true, "2026-12-04T23:00")).isTrue();
      assertThat(onDutyAt(worker, true, "2026-12-05T07:59")).isTrue();
      assertThat(onDutyAt(worker, true, "2026-12-05T08:00")).isFalse();
      // Monday 7 December off, Tuesday 8 December 10:00-12:00 instead of nothing
      assertThat(onDutyAt(worker, true, "2026-12-07T09:00")).isFalse();
      assertThat(onDutyAt(worker, true, "2026-12-08T11:00")).isTrue();
      assertThat(onDutyAt(worker, true, "2026-12-08T09:00")).isFalse();
      // without a roster the switch alone
      assertThat(onDutyAt(userId("worker-wls-03"), true, "2026-12-08T03:00")).isTrue();
    } finally {
      delete(path, admin);
    }
  }

  @Test
  void theDutyBoardIsTheCentres() {
    for (String username : List.of("worker-jgm-01", "dept-gas")) {
      assertThat(api.get("/api/v1/duty", api.login(username)).status()).as(username).isEqualTo(403);
    }
    assertThat(api.get("/api/v1/duty", api.resident(RESIDENT)).status()).isEqualTo(403);
    for (String username : List.of("dispatcher", "supervisor", "admin")) {
      Api.Response r = api.get("/api/v1/duty", api.login(username));
      assertThat(r.status()).as(username).isEqualTo(200);
      assertThat(r.json().getJsonArray("items")).hasSize(24);
    }
  }

  private static boolean onDutyAt(String userId, boolean switchedOn, String shanghai) {
    OffsetDateTime at = OffsetDateTime.parse(shanghai + ":00+08:00");
    return db.one("SELECT on_duty_at($1, $2, $3, 'Asia/Shanghai')", userId, switchedOn, at).getBoolean(0);
  }

  private static JsonObject everyDay(JsonObject shift) {
    JsonObject week = new JsonObject();
    for (String day : List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun")) week.put(day, new JsonArray().add(shift.copy()));
    return week;
  }

  private static String hhmm(LocalTime t) {
    return String.format("%02d:%02d", t.getHour(), t.getMinute());
  }
}
