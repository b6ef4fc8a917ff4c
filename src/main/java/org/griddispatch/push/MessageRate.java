package org.griddispatch.push;

/**
 * How fast one client may send: a token bucket of {@code messageBurst} messages, refilled at
 * {@code messagesPerSecond}. A refused client is warned once for each burst's worth of refused
 * messages and cut off after five, so one that keeps flooding cannot hold the event loop.
 */
final class MessageRate {
  enum Verdict { ALLOWED, REFUSED, WARNED, CUT_OFF }

  private final double perSecond;
  private final int burst;
  private double tokens;
  private long lastRefill = System.nanoTime();
  private int refused;

  MessageRate(double perSecond, int burst) {
    this.perSecond = perSecond;
    this.burst = burst;
    this.tokens = burst;
  }

  /** Takes a token for one message, or says what to do with a client that has none left. */
  Verdict take() {
    long now = System.nanoTime();
    tokens = Math.min(burst, tokens + (now - lastRefill) / 1e9 * perSecond);
    lastRefill = now;
    if (tokens >= 1) {
      tokens -= 1;
      return Verdict.ALLOWED;
    }
    if (++refused > burst * 5) return Verdict.CUT_OFF;
    return refused % burst == 1 ? Verdict.WARNED : Verdict.REFUSED;
  }
}
