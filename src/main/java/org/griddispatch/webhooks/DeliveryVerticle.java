package org.griddispatch.webhooks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import org.griddispatch.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Sends the outbox's webhook deliveries; every node runs one. Each round claims due rows for a lease
 * ({@link Deliveries#claim}), posts them signed and records the answer: a 2xx is sent, anything else
 * (or no answer in time) is tried again after a backoff, and dead-lettered after its attempts. A
 * node that stops or dies mid-delivery leaves leases that run out, and another node sends those rows
 * again: at least once, which is why receivers dedupe by {@code deliveryId}.
 */
public final class DeliveryVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(DeliveryVerticle.class);
  static final String DELIVERY_HEADER = "X-Grid-Dispatch-Delivery";
  static final String SIGNATURE_HEADER = "X-Grid-Dispatch-Signature";

  private DeliverySettings settings;
  private PhotoLinks links;
  private Pool pool;
  private WebClient client;
  private String nodeId;
  private long timer;
  private boolean claiming;
  private boolean again;
  private boolean stopped;

  @Override
  public Future<?> start() {
    settings = DeliverySettings.from(config());
    links = PhotoLinks.from(config());
    nodeId = config().getString("nodeId");
    pool = Database.pool(vertx, config(), 2, "webhooks");
    // never follow a redirect: a delivery goes to the URL the admin configured and nowhere else
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setUserAgent("grid-dispatch-webhooks")
            .setConnectTimeout((int) Math.min(settings.timeoutMillis(), Integer.MAX_VALUE)),
        new PoolOptions().setHttp1MaxSize(settings.maxInFlight()));
    timer = vertx.setPeriodic(settings.pollMillis(), t -> round());
    return Future.succeededFuture();
  }

  /** One claim at a time; a round asked for meanwhile runs right after it (a ticket's next event is due now). */
  private void round() {
    if (stopped) return; // what is in flight is left to its lease
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    again = false;
    Deliveries.claim(pool, settings.maxInFlight(), settings.batchSize(), settings.leaseMillis(), nodeId)
        .compose(batch -> batch.isEmpty() ? Future.succeededFuture(batch)
            : Payloads.of(pool, batch, links, java.time.Instant.now()).map(bodies -> {
              batch.forEach(d -> send(d, bodies.get(d.id())));
              return batch;
            }))
        .onComplete(ar -> {
          claiming = false;
          if (ar.failed()) log.warn("Claiming webhook deliveries failed: {}", ar.cause().toString());
          else if (ar.result().size() == settings.batchSize()) again = true;
          if (again) round();
        });
  }

  private void send(Deliveries.Claimed d, Buffer body) {
    client.postAbs(d.url()).timeout(settings.timeoutMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader(DELIVERY_HEADER, d.id().toString())
        .putHeader(SIGNATURE_HEADER, Signature.of(d.secret(), body))
        .sendBuffer(body)
        .compose(res -> res.statusCode() / 100 == 2 ? Deliveries.sent(pool, d, res.statusCode())
            : failed(d, res.statusCode(), "HTTP " + res.statusCode()),
            e -> failed(d, null, e.toString()))
        .onComplete(ar -> {
          if (ar.failed()) log.warn("Recording webhook delivery {} failed: {}", d.id(), ar.cause().toString());
          round(); // the ticket's next event may go now
        });
  }

  private Future<Void> failed(Deliveries.Claimed d, Integer status, String error) {
    if (d.attempts() >= settings.maxAttempts()) log.warn("Webhook delivery {} to {} failed for good: {}", d.id(), d.url(), error);
    String shortError = error.length() > 500 ? error.substring(0, 500) : error;
    return Deliveries.failed(pool, d, status, shortError, settings.maxAttempts(), settings.backoff(d.attempts()));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    client.close();
    return pool.close();
  }
}
