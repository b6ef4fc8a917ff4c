package org.griddispatch.push;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The feeder sends a remembered ticket only when it is at least as new as the events it goes with. */
class RecentTicketsTest {
  private static JsonObject ticket(String id, int seq, String status) {
    return new JsonObject().put("id", id).put("seq", seq).put("status", status);
  }

  @Test
  void answersOnlyForEventsNoNewerThanWhatItHolds() {
    RecentTickets recent = new RecentTickets();
    recent.remember(ticket("a", 2, "assigned"));
    assertThat(recent.asOf("a", 1).getString("status")).isEqualTo("assigned");
    assertThat(recent.asOf("a", 2).getString("status")).isEqualTo("assigned");
    assertThat(recent.asOf("a", 3)).as("an event it has not seen the ticket after").isNull();
    assertThat(recent.asOf("b", 1)).isNull();
  }

  @Test
  void keepsTheNewerSnapshotWhenWakesArriveOutOfOrder() {
    RecentTickets recent = new RecentTickets();
    recent.remember(ticket("a", 3, "accepted"));
    recent.remember(ticket("a", 2, "assigned"));
    assertThat(recent.asOf("a", 3).getString("status")).isEqualTo("accepted");
    recent.remember(ticket("a", 4, "resolved"));
    assertThat(recent.asOf("a", 4).getString("status")).isEqualTo("resolved");
  }

  @Test
  void ignoresWakesWithoutATicketAndForgetsTheOldest() {
    RecentTickets recent = new RecentTickets();
    recent.remember(new JsonObject().put("id", "no-seq"));
    assertThat(recent.asOf("no-seq", 0)).isNull();
    recent.remember(ticket("first", 1, "assigned"));
    for (int i = 0; i < 5_000; i++) recent.remember(ticket("t" + i, 1, "assigned"));
    assertThat(recent.asOf("first", 1)).isNull();
    assertThat(recent.asOf("t4999", 1)).isNotNull();
  }
}
