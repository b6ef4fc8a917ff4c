package org.griddispatch.limits;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class NodeWindowsTest {
  private static final Limit THREE_A_MINUTE = new Limit("test", 3, 60, "too_many", "Too many");
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final NodeWindows windows = new NodeWindows(now::get);

  @Test
  void countsWithinAWindowAndStartsAfreshAfterIt() {
    Counter a = new Counter(THREE_A_MINUTE, "10.0.0.1");
    for (int i = 1; i <= 3; i++) assertThat(windows.hit(a).over()).isFalse();
    now.addAndGet(20_000_000_000L);
    Hit fourth = windows.hit(a);
    assertThat(fourth.over()).isTrue();
    assertThat(fourth.tripped()).isTrue();
    assertThat(fourth.retryAfterSeconds()).isEqualTo(40);
    assertThat(windows.hit(a).tripped()).as("only the first refusal trips").isFalse();
    assertThat(windows.hit(new Counter(THREE_A_MINUTE, "10.0.0.2")).over()).as("another key").isFalse();
    now.addAndGet(40_000_000_000L);
    assertThat(windows.hit(a).uses()).isEqualTo(1);
  }

  @Test
  void expiredWindowsAreSweptOut() {
    for (int i = 0; i < 1000; i++) windows.hit(new Counter(THREE_A_MINUTE, "10.1." + (i / 256) + "." + (i % 256)));
    now.addAndGet(61_000_000_000L);
    for (int i = 0; i < 24; i++) windows.hit(new Counter(THREE_A_MINUTE, "10.2.0." + i));
    assertThat(windows.size()).isLessThanOrEqualTo(24);
  }

  @Test
  void anIpv6ClientIsCountedByItsSlash64() {
    assertThat(Limiter.addressKey("2001:db8:1:2:aaaa::1")).isEqualTo(Limiter.addressKey("2001:db8:1:2:bbbb::2"))
        .isEqualTo("2001:db8:1:2::/64");
    assertThat(Limiter.addressKey("2001:db8:1:3::1")).isNotEqualTo(Limiter.addressKey("2001:db8:1:2::1"));
    assertThat(Limiter.addressKey("192.0.2.7")).isEqualTo("192.0.2.7");
  }
}
