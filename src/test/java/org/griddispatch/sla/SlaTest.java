package org.griddispatch.sla;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.TestNode;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadlines against a controllable clock: warning, breach, every ladder step once; stops, pauses, extensions, auto-close. */
class SlaTest extends NodeTest {


  @AfterEach
  void clockBack() { TestNode.CLOCK.reset(); }

  private JsonObject gasLeak(String gridId) {
    JsonObject p = Points.of(gridId);
    return api.file("13800000001", Api.report("gas_leak", p.getDouble("lat"), p.getDouble("lon"), "燃气味"));
  }

  private Terminal follow(String ticketId) {
    Terminal t = Terminal.connect(vertx, node.port(), api.login("dispatcher"));
    t.subscribe("ticket:" + ticketId, null);
    return t;
  }

  private JsonObject slaEvent(Terminal t, String type, String clock) {
    return t.next(f -> type.equals(f.getString("type")) && clock.equals(f.getJsonObject("data").getString("clock")), 30);
  }

  private long count(String ticketId, String type, String clock) {
    return api.get("/api/v1/tickets/" + ticketId + "/events", api.login("dispatcher")).array().stream()
        .map(e -> (JsonObject) e)
        .filter(e -> type.equals(e.getString("type")) && clock.equals(e.getJsonObject("data").getString("clock"))).count();
  }

  @Test
  void theLadderWarningChaseSuperviseNotifyEachOnce() {
    JsonObject t = gasLeak("jgm-04");
    String id = t.getString("id");
    try (Terminal watch = follow(id)) {
      TestNode.CLOCK.advance(Duration.ofMinutes(12)); // 75 % of the 15-minute response time
      assertThat(slaEvent(watch, "sla_warning", "respond").getJsonObject("actor").getString("role")).isEqualTo("system");
      TestNode.CLOCK.advance(Duration.ofMinutes(4));
      slaEvent(watch, "sla_overdue", "respond");
      TestNode.CLOCK.advance(Duration.ofMinutes(60));
      slaEvent(watch, "sla_supervised", "respond");
      TestNode.CLOCK.advance(Duration.ofMinutes(180)); // 256 min: respond notified; resolve (240 min) warned and overdue
      slaEvent(watch, "sla_notified", "respond");
      slaEvent(watch, "sla_overdue", "resolve");
      watch.quietFor(2500); // two more polling rounds: nothing fires twice
      for (String type : List.of("sla_warning", "sla_overdue", "sla_supervised", "sla_notified")) {
        assertThat(count(id, type, "respond")).as(type).isEqualTo(1);
      }
      assertThat(count(id, "sla_warning", "resolve")).isEqualTo(1);
      assertThat(count(id, "sla_overdue", "resolve")).isEqualTo(1);
      assertThat(count(id, "sla_supervised", "resolve")).isZero();
      assertThat(api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json().getString("escalation")).isEqualTo("notified");

      JsonObject board = api.get("/api/v1/supervision", api.login("supervisor")).json();
      JsonObject grid = board.getJsonArray("byGrid").stream().map(o -> (JsonObject) o)
          .filter(g -> "jgm-04".equals(g.getString("gridId"))).findFirst().orElseThrow();
      JsonObject item = grid.getJsonArray("overdue").stream().map(o -> (JsonObject) o)
          .filter(i -> id.equals(i.getString("ticketId")) && "respond".equals(i.getString("clock"))).findFirst().orElseThrow();
      assertThat(item.getLong("minutesLate")).isBetween(240L, 242L);
      assertThat(api.get("/api/v1/supervision", api.login("worker-jgm-04")).status()).isEqualTo(403);
    }
  }

  @Test
  void anActionThatStopsAWarnedClockAnswersAndPushesTheTicketWithoutItsWarning() {
    JsonObject t = gasLeak("jgm-04");
    String id = t.getString("id");
    try (Terminal watch = follow(id)) {
      TestNode.CLOCK.advance(Duration.ofMinutes(12)); // the response clock warns
      assertThat(slaEvent(watch, "sla_warning", "respond").getJsonObject("ticket").getString("escalation")).isEqualTo("warned");
      // signing for it stops that clock; the resolve clock (240 min) has not warned
      assertThat(api.act(id, "accept", api.login("worker-jgm-04"), null).json().getString("escalation")).isNull();
      JsonObject accepted = watch.next(f -> "accepted".equals(f.getString("type")), 30);
      assertThat(api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json().getString("escalation")).isNull();
      assertThat(accepted.getJsonObject("ticket").getString("escalation")).isNull();
    }
  }

  @Test
  void signingForTheTicketStopsTheResponseClock() {
    JsonObject t = gasLeak("jgm-04");
    String id = t.getString("id");
    api.act(id, "accept", api.login("worker-jgm-04"), null);
    try (Terminal watch = follow(id)) {
      TestNode.CLOCK.advance(Duration.ofMinutes(190)); // resolve warning at 180 min still comes
      slaEvent(watch, "sla_warning", "resolve");
      watch.quietFor(2500);
      assertThat(count(id, "sla_warning", "respond")).isZero();
      assertThat(count(id, "sla_overdue", "respond")).isZero();
    }
  }

  @Test
  void onHoldTheResolveClockPausesAndResumingMovesTheDeadline() {
    JsonObject t = gasLeak("jgm-04");
    String id = t.getString("id");
    String worker = api.login("worker-jgm-04");
    api.act(id, "accept", worker, null);
    OffsetDateTime deadline = OffsetDateTime.parse(t.getJsonObject("deadlines").getString("resolveBy"));
    assertThat(api.act(id, "hold", worker, new JsonObject().put("reason", "住户不在家，约明天上门")).status()).isEqualTo(200);
    try (Terminal watch = follow(id)) {
      TestNode.CLOCK.advance(Duration.ofHours(5));
      assertThat(watch.quietFor(2500)).noneMatch(f -> f.getString("type", "").startsWith("sla_"));
      Api.Response resumed = api.act(id, "resume", worker, null);
      assertThat(resumed.status()).isEqualTo(200);
      OffsetDateTime moved = OffsetDateTime.parse(resumed.json().getJsonObject("deadlines").getString("resolveBy"));
      assertThat(Duration.between(deadline, moved).toMinutes()).isBetween(299L, 301L);
    }
  }

  @Test
  void anApprovedExtensionMovesTheResolveClock() {
    JsonObject t = gasLeak("jgm-04");
    String id = t.getString("id");
    String worker = api.login("worker-jgm-04");
    api.act(id, "accept", worker, null);
    OffsetDateTime deadline = OffsetDateTime.parse(t.getJsonObject("deadlines").getString("resolveBy"));
    api.act(id, "extend", worker, new JsonObject().put("until", deadline.plusHours(2).toString()).put("reason", "等待配件"));
    assertThat(api.act(id, "approve-extension", api.login("supervisor"), null).status()).isEqualTo(200);
    try (Terminal watch = follow(id)) {
      TestNode.CLOCK.advance(Duration.ofMinutes(245)); // past the old deadline
      assertThat(watch.quietFor(2500)).noneMatch(f -> "sla_overdue".equals(f.getString("type")));
      TestNode.CLOCK.advance(Duration.ofMinutes(120)); // past the new one
      slaEvent(watch, "sla_overdue", "resolve");
      watch.quietFor(2500);
      assertThat(count(id, "sla_overdue", "resolve")).isEqualTo(1);
    }
  }

  @Test
  void theRatingWindowClosesAResolvedTicket() {
    JsonObject t = gasLeak("jgm-04");
    String id = t.getString("id");
    String worker = api.login("worker-jgm-04");
    api.act(id, "accept", worker, null);
    api.act(id, "resolve", worker, new JsonObject().put("note", "已处理"));
    try (Terminal watch = follow(id)) {
      TestNode.CLOCK.advance(Duration.ofHours(73));
      // 73 hours on, the SLA closes every resolved ticket the suite has left in the shared node, this one among them
      JsonObject closed = watch.next(f -> "closed".equals(f.getString("type")), 90);
      assertThat(closed.getJsonObject("data").getString("reason")).isEqualTo("rating window ended");
      assertThat(closed.getJsonObject("ticket").getString("status")).isEqualTo("closed");
    }
  }
}
