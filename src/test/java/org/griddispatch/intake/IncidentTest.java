package org.griddispatch.intake;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 事件聚合: a burst of reports of one problem close in time and place becomes one incident: the earliest
 * report is the incident, the others join it, every reporter follows it, the centre sees it form live,
 * and the residents of its grid are told on their sockets.
 */
class IncidentTest extends NodeTest {
  // a corner of the demo area no other test files at
  static final double LAT = 31.4638;
  static final double LON = 104.7335;

  @Test
  void aBurstOfReportsBecomesOneIncidentWhoseNoticeReachesTheGridsResidents() {
    String dispatcher = api.login("dispatcher");
    // a resident of the grid: has reported something else from it before
    JsonObject earlier = api.file("13900000010", Api.exactReport("streetlight", LAT + 0.0004, LON, "路灯不亮 incident-test"));
    // a resident who never reported from this grid
    api.file("13900000019", Api.exactReport("streetlight", 31.4560, 104.7520, "路灯闪 incident-test"));
    try (Terminal resident = Terminal.connect(vertx, node.port(), api.resident("13900000010"));
         Terminal elsewhere = Terminal.connect(vertx, node.port(), api.resident("13900000019"));
         Terminal centre = Terminal.connect(vertx, node.port(), dispatcher)) {
      resident.subscribe("me", null);
      elsewhere.subscribe("me", null);
      centre.subscribe("center", null);
      JsonObject first = api.file("13900000011", Api.exactReport("water_leak", LAT, LON, "路边水管爆了，水一直往外喷"));
      long before = System.nanoTime();
      JsonObject second = api.file("13900000012", Api.exactReport("water_leak", LAT + 0.0001, LON, "马路上自来水管破裂，喷得老高，路面全是水"));
      long plain = System.nanoTime() - before;
      assertThat(first.getValue("incidentId")).isNull();
      assertThat(second.getValue("incidentId")).as("two reports are not yet an incident").isNull();
      long started = System.nanoTime();
      JsonObject third = api.file("13900000013", Api.exactReport("water_leak", LAT, LON + 0.0001, "这里供水管漏水很严重，水流了一地"));
      long answered = System.nanoTime();
      JsonObject formed = centre.next(f -> "incident_formed".equals(f.getString("type")) && first.getString("id").equals(f.getString("ticketId")), 10);
      long seen = System.nanoTime();
      System.out.printf("incident formed: the triggering report answered in %.1f ms (a report that forms none: %.1f ms),"
          + " the centre saw the incident %.1f ms after it was sent%n", (answered - started) / 1e6, plain / 1e6, (seen - started) / 1e6);
      assertThat(formed).isNotNull();

      // the earliest report is the incident; the others joined it and are handled through it
      JsonObject incident = api.get("/api/v1/tickets/" + first.getString("id"), dispatcher).json();
      assertThat(incident.getString("incidentId")).isEqualTo(first.getString("id"));
      assertThat(incident.getString("status")).isEqualTo("assigned");
      for (JsonObject joined : new JsonObject[] {second, third}) {
        JsonObject now = api.get("/api/v1/tickets/" + joined.getString("id"), dispatcher).json();
        assertThat(now.getString("status")).isEqualTo("merged");
        assertThat(now.getString("duplicateOf")).isEqualTo(first.getString("id"));
        assertThat(now.getString("incidentId")).isEqualTo(first.getString("id"));
        assertThat(now.getValue("assigneeId")).as("one handler: the incident's").isNull();
        var events = api.get("/api/v1/tickets/" + joined.getString("id") + "/events", dispatcher).array();
        assertThat(events.stream().map(e -> ((JsonObject) e).getString("type"))).contains("joined_incident");
      }
      // the report that triggered it is answered as it now is
      assertThat(third.getString("status")).isEqualTo("merged");
      assertThat(third.getString("incidentId")).isEqualTo(first.getString("id"));
      var timeline = api.get("/api/v1/tickets/" + first.getString("id") + "/events", dispatcher).array();
      JsonObject formedEvent = timeline.stream().map(e -> (JsonObject) e).filter(e -> "incident_formed".equals(e.getString("type")))
          .findFirst().orElseThrow();
      assertThat(formedEvent.getJsonObject("data").getInteger("reports")).isEqualTo(3);
      // every reporter follows the incident
      for (String phone : new String[] {"13900000012", "13900000013"}) {
        assertThat(api.get("/api/v1/tickets/" + first.getString("id"), api.resident(phone)).json().getBoolean("following")).isTrue();
      }

      // the notice reaches the grid's resident, not one who never reported from it
      JsonObject notice = resident.next(f -> "announcement".equals(f.getString("op")) && first.getString("id").equals(f.getString("incidentId")), 10);
      assertThat(notice.getString("body")).isEqualTo("已知晓，抢修人员已出发");
      assertThat(notice.containsKey("residentIds")).as("the list of residents never leaves the server").isFalse();
      assertThat(notice.getJsonArray("gridIds")).contains(earlier.getString("gridId"));
      assertThat(elsewhere.quietFor(500).stream().filter(f -> "announcement".equals(f.getString("op")))).isEmpty();

      // a fourth report of it joins the incident at once
      JsonObject fourth = api.file("13900000014", Api.exactReport("water_leak", LAT + 0.0001, LON + 0.0001, "水管爆裂，路上都是水"));
      assertThat(fourth.getString("status")).isEqualTo("merged");
      assertThat(fourth.getString("incidentId")).isEqualTo(first.getString("id"));
      assertThat(api.get("/api/v1/tickets/" + fourth.getString("id") + "/events", dispatcher).array().stream()
          .map(e -> ((JsonObject) e).getString("type"))).contains("joined_incident");
    }
  }

  @Test
  void nobodyFormsOrJoinsAnIncidentByHand() {
    JsonObject ticket = api.file("13900000015", Api.exactReport("noise", LAT - 0.002, LON, "半夜装修 incident-test"));
    String dispatcher = api.login("dispatcher");
    Api.Response formed = api.act(ticket.getString("id"), "form-incident", dispatcher, new JsonObject().put("reportIds", new io.vertx.core.json.JsonArray()));
    assertThat(formed.status()).isEqualTo(404);
    Api.Response joined = api.act(ticket.getString("id"), "join-incident", api.resident("13900000015"),
        new JsonObject().put("incidentId", ticket.getString("id")));
    assertThat(joined.status()).isEqualTo(404);
    JsonObject unchanged = api.get("/api/v1/tickets/" + ticket.getString("id"), dispatcher).json();
    assertThat(unchanged.getValue("incidentId")).isNull();
    assertThat(unchanged.getInteger("version")).isEqualTo(ticket.getInteger("version"));
  }
}
