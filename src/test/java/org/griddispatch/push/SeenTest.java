package org.griddispatch.push;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Api;
import org.griddispatch.support.NodeTest;
import org.griddispatch.support.Points;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A terminal says when it has shown a ticket ({"op":"seen"}): each user's first time is one timeline
 * event, however often it is said; the assignee's stops the ticket's unseen clock; only a user who can
 * see the ticket may say it. Grid dxm-02 is this test's.
 */
class SeenTest extends NodeTest {
  private static final String WORKER = "worker-dxm-02";

  private static JsonObject urgent() {
    JsonObject p = Points.of("dxm-02");
    return api.file("13800000061", Api.report("gas_leak", p.getDouble("lat"), p.getDouble("lon"), "楼道燃气味"));
  }

  private static JsonObject seen(Terminal t, String ticketId) {
    t.send(new JsonObject().put("op", "seen").put("ticketId", ticketId));
    return t.next(f -> ticketId.equals(f.getString("ticketId")) && ("seen".equals(f.getString("op")) || "error".equals(f.getString("op"))), 10);
  }

  private static long seenEvents(String ticketId) {
    return db.count("SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND type = 'seen'", UUID.fromString(ticketId));
  }

  @Test
  void eachUsersFirstSeenIsOneEventAndTheAssigneesStopsTheUnseenClock() {
    JsonObject t = urgent();
    String id = t.getString("id");
    UUID uuid = UUID.fromString(id);
    assertThat(t.getString("assigneeId")).isEqualTo(api.userId(api.login(WORKER)));
    assertThat(db.count("SELECT count(*) FROM deadlines WHERE ticket_id = $1 AND clock = 'seen' AND state = 'active'", uuid))
        .isEqualTo(1);
    try (Terminal worker = Terminal.connect(vertx, node.port(), api.login(WORKER));
         Terminal centre = Terminal.connect(vertx, node.port(), api.login("dispatcher"))) {
      centre.subscribe("ticket:" + id, null);
      assertThat(seen(worker, id).getBoolean("first")).isTrue();
      JsonObject event = centre.next(f -> "seen".equals(f.getString("type")), 10);
      assertThat(event.getJsonObject("actor").getString("name")).isEqualTo("吴桂兰");
      assertThat(event.getJsonObject("ticket").getJsonArray("seenBy")).hasSize(1);
      assertThat(event.getJsonObject("ticket").getString("assigneeSeenAt")).isNotNull();
      for (int i = 0; i < 3; i++) assertThat(seen(worker, id).getBoolean("first")).isFalse();
      assertThat(seenEvents(id)).isEqualTo(1);
      // the assignee saw it: its unseen clock stopped
      assertThat(db.count("SELECT count(*) FROM deadlines WHERE ticket_id = $1 AND clock = 'seen' AND state = 'active'", uuid))
          .isZero();

      // another user's first time is an event of its own
      assertThat(seen(centre, id).getBoolean("first")).isTrue();
      assertThat(seen(centre, id).getBoolean("first")).isFalse();
      assertThat(seenEvents(id)).isEqualTo(2);
      JsonObject ticket = api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json();
      JsonArray seenBy = ticket.getJsonArray("seenBy");
      assertThat(seenBy).hasSize(2);
      assertThat(seenBy.getJsonObject(0).getString("userId")).isEqualTo(t.getString("assigneeId"));
      assertThat(seenBy.getJsonObject(0).getString("at")).isNotNull();
      assertThat(ticket.getInteger("version")).isEqualTo(t.getInteger("version")); // seeing changes nothing of the ticket
      // the resident's view leaves out who of the staff looked at it
      JsonObject mine = api.get("/api/v1/tickets/" + id, api.resident("13800000061")).json();
      assertThat(mine.containsKey("seenBy")).isFalse();
    }
  }

  @Test
  void onlyAUserWhoCanSeeTheTicketMaySayTheyHaveSeenIt() {
    JsonObject t = urgent();
    String id = t.getString("id");
    try (Terminal stranger = Terminal.connect(vertx, node.port(), api.login("worker-sgj-01"));
         Terminal dept = Terminal.connect(vertx, node.port(), api.login("dept-gas"))) {
      JsonObject refused = seen(stranger, id);
      assertThat(refused.getString("op")).isEqualTo("error");
      assertThat(refused.getString("code")).isEqualTo("not_found");
      assertThat(seen(dept, id).getString("code")).isEqualTo("not_found");
      assertThat(seen(stranger, UUID.randomUUID().toString()).getString("code")).isEqualTo("not_found");
      assertThat(seen(stranger, "not-a-ticket").getString("code")).isEqualTo("not_found");
      stranger.send(new JsonObject().put("op", "seen"));
      assertThat(stranger.next(f -> "error".equals(f.getString("op")), 10).getString("code")).isEqualTo("bad_request");
      stranger.send(new JsonObject().put("op", "seen").put("ticketId", 42));
      assertThat(stranger.next(f -> "error".equals(f.getString("op")), 10).getString("code")).isEqualTo("bad_request");
    }
    assertThat(seenEvents(id)).isZero();
    assertThat(api.get("/api/v1/tickets/" + id, api.login("dispatcher")).json().getJsonArray("seenBy")).isEmpty();
    // it is the terminal's word, not an action offered as a route or a button
    assertThat(api.act(id, "seen", api.login(WORKER), null).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/tickets/" + id, api.login(WORKER)).json().getJsonArray("allowedActions")).doesNotContain("seen");
  }
}
