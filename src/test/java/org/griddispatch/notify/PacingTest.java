package org.griddispatch.notify;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

/** When a message may go: quiet nights in the subdistrict's zone, an hourly limit per number, no repeats; urgent goes at once. */
class PacingTest {
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final Pacing PACING = new Pacing(SHANGHAI, LocalTime.of(22, 0), LocalTime.of(7, 0), 2, 10);
  static final JsonObject NORMAL = new JsonObject().put("priority", "normal");

  static OffsetDateTime local(String at) { return java.time.LocalDateTime.parse(at).atZone(SHANGHAI).toOffsetDateTime(); }

  @Test
  void whatCanWaitWaitsForTheMorningAndWhatIsUrgentGoesAtOnce() {
    assertThat(PACING.decide("ticket_resolved", NORMAL, local("2026-12-01T12:00"), 0, null, false)).isInstanceOf(Pacing.Send.class);
    Pacing.Verdict night = PACING.decide("ticket_resolved", NORMAL, local("2026-12-01T23:30"), 0, null, false);
    assertThat(night).isEqualTo(new Pacing.Hold(local("2026-12-02T07:00"), "quiet hours"));
    assertThat(PACING.decide("ticket_resolved", NORMAL, local("2026-12-02T06:59"), 0, null, false))
        .isEqualTo(new Pacing.Hold(local("2026-12-02T07:00"), "quiet hours"));
    assertThat(PACING.decide("ticket_resolved", NORMAL, local("2026-12-02T07:00"), 0, null, false)).isInstanceOf(Pacing.Send.class);
    assertThat(PACING.decide("ticket_resolved", NORMAL, local("2026-12-01T21:59"), 0, null, false)).isInstanceOf(Pacing.Send.class);
    // urgent: an unseen alert, or any message about an urgent ticket
    assertThat(PACING.decide("unseen_alert", NORMAL, local("2026-12-01T23:30"), 0, null, false)).isInstanceOf(Pacing.Send.class);
    assertThat(PACING.decide("ticket_accepted", new JsonObject().put("priority", "urgent"), local("2026-12-01T03:00"), 9, local("2026-12-01T02:30"), false))
        .isInstanceOf(Pacing.Send.class);
  }

  @Test
  void aNumberGetsAtMostItsHourlyShareAndNoRepeat() {
    OffsetDateTime now = local("2026-12-01T12:00");
    assertThat(PACING.decide("ticket_reopened", NORMAL, now, 1, local("2026-12-01T11:20"), false)).isInstanceOf(Pacing.Send.class);
    assertThat(PACING.decide("ticket_reopened", NORMAL, now, 2, local("2026-12-01T11:20"), false))
        .isEqualTo(new Pacing.Hold(local("2026-12-01T12:20"), "hourly limit"));
    assertThat(PACING.decide("ticket_resolved", NORMAL, now, 0, null, true)).isInstanceOf(Pacing.Skip.class);
    assertThat(PACING.decide("unseen_alert", NORMAL, now, 0, null, true)).isInstanceOf(Pacing.Skip.class);
  }

  @Test
  void noQuietHoursWhenTheyStartAndEndTogetherAndDaytimeQuietHoursWork() {
    Pacing never = new Pacing(SHANGHAI, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, 5, 10);
    assertThat(never.quietEnds(local("2026-12-01T03:00"))).isNull();
    Pacing lunch = new Pacing(SHANGHAI, LocalTime.of(12, 0), LocalTime.of(13, 30), 5, 10);
    assertThat(lunch.quietEnds(local("2026-12-01T12:10"))).isEqualTo(local("2026-12-01T13:30"));
    assertThat(lunch.quietEnds(local("2026-12-01T13:30"))).isNull();
    assertThat(lunch.quietEnds(local("2026-12-01T11:59"))).isNull();
  }
}
