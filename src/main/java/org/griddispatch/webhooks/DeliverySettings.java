package org.griddispatch.webhooks;

import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/**
 * How deliveries go, from the configuration's {@code webhooks} section: polling, attempts before the
 * dead letter, the backoff between attempts, the in-flight bound per subscription, the receiver's
 * time to answer, the lease (longer than that time, so a live claim never runs out), and the
 * connections a node keeps to one receiving host (shared by the subscriptions on that host).
 */
record DeliverySettings(long pollMillis, int batchSize, int maxAttempts, long backoffMillis, long maxBackoffMillis,
                        int maxInFlight, long timeoutMillis, long leaseMillis, int connectionsPerHost) {
  static DeliverySettings from(JsonObject config) {
    JsonObject c = config.getJsonObject("webhooks", new JsonObject());
    long timeout = c.getLong("timeoutMillis", 10_000L);
    return new DeliverySettings(c.getLong("pollMillis", 500L), c.getInteger("batchSize", 100),
        c.getInteger("maxAttempts", 12), c.getLong("backoffMillis", 1_000L), c.getLong("maxBackoffMillis", 3_600_000L),
        c.getInteger("maxInFlight", 4), timeout, c.getLong("leaseMillis", timeout + 20_000L),
        c.getInteger("connectionsPerHost", 64));
  }

  /**
   * The wait after the {@code attempts}-th failure: doubling from {@code backoffMillis} up to the cap,
   * then a random half of it taken off, so that receivers coming back are not hit by every node at once.
   */
  long backoff(int attempts) {
    long exp = backoffMillis << Math.min(Math.max(attempts - 1, 0), 30);
    long capped = Math.min(Math.max(exp, backoffMillis), maxBackoffMillis);
    return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
  }
}
