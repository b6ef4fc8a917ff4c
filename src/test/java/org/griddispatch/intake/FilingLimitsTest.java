package org.griddispatch.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The place a resident's report counts against: a square of the map, or the address without its spacing. */
class FilingLimitsTest {
  private static TicketRequest at(Double lat, Double lon, String address) {
    return new TicketRequest("issue", "garbage", null, null, "垃圾", lat, lon, address, null, null, "miniapp", null, null);
  }

  @Test
  void nearbyPointsShareASquareAndFartherOnesDoNot() {
    String here = FilingLimits.place(at(31.46010, 104.74020, null), 50);
    assertThat(FilingLimits.place(at(31.46011, 104.74021, null), 50)).isEqualTo(here);
    assertThat(FilingLimits.place(at(31.46110, 104.74020, null), 50)).as("110 m north").isNotEqualTo(here);
    assertThat(FilingLimits.place(at(31.46010, 104.74130, null), 50)).as("105 m east").isNotEqualTo(here);
    assertThat(here).startsWith("cell:50:");
  }

  @Test
  void withoutALocationTheAddressCountsWrittenAnyWay() {
    String address = FilingLimits.place(at(null, null, "三光街6号3栋2单元"), 50);
    assertThat(FilingLimits.place(at(null, null, " 三光街 6号，3栋 2单元 "), 50)).isEqualTo(address);
    assertThat(address).startsWith("address:").doesNotContain("三光街");
    assertThat(FilingLimits.place(at(null, null, null), 50)).isNull();
  }
}
