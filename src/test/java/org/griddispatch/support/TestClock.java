package org.griddispatch.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The real time plus an offset a test may move forward (and must put back), instead of sleeping. */
public final class TestClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  public void advance(Duration by) { offset = offset.plus(by); }

  public void reset() { offset = Duration.ZERO; }

  @Override
  public Instant instant() { return Instant.now().plus(offset); }

  @Override
  public ZoneId getZone() { return ZoneOffset.UTC; }

  @Override
  public Clock withZone(ZoneId zone) { return this; }
}
