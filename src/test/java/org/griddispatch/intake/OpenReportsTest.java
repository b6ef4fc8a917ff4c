package org.griddispatch.intake;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory open reports: what {@code near} finds is what the old query over the tickets table found. */
class OpenReportsTest {
  private static final double LAT = 31.46;
  private static final double LON = 104.74;
  private static final long NOW = Instant.parse("2026-11-27T08:00:00Z").toEpochMilli();

  private static JsonObject ticket(UUID id, String status, String category, double lat, double lon, long createdAt) {
    return new JsonObject().put("id", id.toString()).put("status", status).put("category", category)
        .put("description", "楼道灯不亮").put("location", new JsonObject().put("lat", lat).put("lon", lon))
        .put("createdAt", Instant.ofEpochMilli(createdAt).toString());
  }

  private static List<UUID> near(OpenReports open, int limit) {
    return open.near("streetlight", org.griddispatch.geo.Distances.box(LAT, LON, 250), NOW - 72 * 3_600_000L, limit).stream()
        .map(OpenReports.Entry::id).toList();
  }

  @Test
  void findsTheNewestOpenOnesOfTheCategoryInTheBoxAcrossCells() {
    OpenReports open = new OpenReports();
    UUID older = UUID.randomUUID();
    UUID newer = UUID.randomUUID();
    UUID acrossACellEdge = UUID.randomUUID();
    open.apply(ticket(older, "assigned", "streetlight", LAT, LON, NOW - 60_000));
    open.apply(ticket(newer, "accepted", "streetlight", LAT + 0.001, LON, NOW - 1_000));
    open.apply(ticket(acrossACellEdge, "received", "streetlight", LAT - 0.0005, LON - 0.001, NOW - 30_000)); // cells meet at LAT, LON
    open.apply(ticket(UUID.randomUUID(), "assigned", "garbage", LAT, LON, NOW)); // another category
    open.apply(ticket(UUID.randomUUID(), "assigned", "streetlight", LAT + 0.01, LON, NOW)); // ~1.1 km away
    UUID oldest = UUID.randomUUID();
    open.apply(ticket(oldest, "assigned", "streetlight", LAT + 0.0001, LON, NOW - 120_000)); // learnt of last
    assertThat(near(open, 20)).containsExactly(newer, acrossACellEdge, older, oldest);
    assertThat(near(open, 2)).containsExactly(newer, acrossACellEdge);
  }

  @Test
  void forgetsTicketsThatCloseOrMergeAndFollowsOnesThatMove() {
    OpenReports open = new OpenReports();
    UUID closing = UUID.randomUUID();
    UUID moving = UUID.randomUUID();
    open.apply(ticket(closing, "assigned", "streetlight", LAT, LON, NOW - 1_000));
    open.apply(ticket(moving, "assigned", "streetlight", LAT, LON, NOW - 2_000));
    open.apply(ticket(closing, "resolved", "streetlight", LAT, LON, NOW - 1_000));
    open.apply(ticket(moving, "assigned", "streetlight", LAT + 0.02, LON, NOW - 2_000));
    assertThat(near(open, 20)).isEmpty();
    open.apply(ticket(moving, "reopened", "streetlight", LAT, LON, NOW - 2_000));
    assertThat(near(open, 20)).containsExactly(moving);
    assertThat(open.size()).isEqualTo(1);
  }

  @Test
  void dropsReportsOlderThanTheWindowAndKeepsNoneTheStreamClosedDuringTheLoad() {
    OpenReports open = new OpenReports();
    UUID stale = UUID.randomUUID();
    UUID closedMeanwhile = UUID.randomUUID();
    open.apply(ticket(stale, "assigned", "streetlight", LAT, LON, NOW - 73 * 3_600_000L));
    open.apply(ticket(closedMeanwhile, "closed", "streetlight", LAT, LON, NOW)); // news from the stream first
    open.putLoaded(new OpenReports.Entry(closedMeanwhile, "CX-1", "streetlight", LAT, LON, NOW, Wording.of("楼道灯不亮")));
    open.loaded();
    assertThat(near(open, 20)).isEmpty();
    assertThat(open.size()).isZero();
  }
}
