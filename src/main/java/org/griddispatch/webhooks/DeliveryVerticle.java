package org.griddispatch.webhooks;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import org.griddispatch.common.Addresses;
import org.griddispatch.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;


/**
 * Sends the outbox's webhook deliveries; every node runs one. A round records what the receivers said
 * since the last one and claims the next due rows for a lease, in one transaction
 * ({@link Deliveries#recordAndClaim}), then posts them signed: a 2xx is sent, anything else (or no
 * answer in time) is tried again after a backoff, and dead-lettered after its attempts. Rounds follow
 * each other while there is work: a new one as soon as the last ends when it claimed or recorded
 * anything or an answer came in meanwhile, and on this node's own new ticket events
 * ({@link Addresses#PUSH_WAKE}); otherwise every {@code pollMillis}. A node that stops or dies
 * mid-delivery leaves leases that run out (and answers it had not recorded yet), and another node
 * sends those rows again: at least once, which is why receivers dedupe by {@code deliveryId}.
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
  /** Whether any subscription exists (read every poll): without one, a ticket's commit wakes nothing. */
  private boolean subscribed = true;
  /** Answers not yet recorded: the next round writes them. */
  private List<Deliveries.Outcome> answers = new ArrayList<>();

  @Override
  public Future<?> start() {
    settings = DeliverySettings.from(config());
    links = PhotoLinks.from(config());
    nodeId = config().getString("nodeId");
    pool = Database.pool(vertx, config(), 2, "webhooks");
    // never follow a redirect: a delivery goes to the URL the admin configured and nowhere else. The
    // in-flight bound is each subscription's (the claim keeps it); the connections to one host serve
    // every subscription on it
    client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setUserAgent("grid-dispatch-webhooks")
            .setConnectTimeout((int) Math.min(settings.timeoutMillis(), Integer.MAX_VALUE)),
        new PoolOptions().setHttp1MaxSize(settings.connectionsPerHost()));
    timer = vertx.setPeriodic(settings.pollMillis(), t -> pool.query("SELECT EXISTS (SELECT 1 FROM webhooks)").execute()
        .onSuccess(rows -> subscribed = rows.iterator().next().getBoolean(0))
        .onComplete(ar -> round()));
    // this node's own commits: their deliveries go now rather than at the next poll
    vertx.eventBus().localConsumer(Addresses.PUSH_WAKE, m -> {
      if (subscribed) round();
    });
    return Future.succeededFuture();
  }

  /** One round at a time; a round asked for meanwhile runs right after it. */
  private void round() {
    if (stopped) return; // what is in flight is left to its lease
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    again = false;
    List<Deliveries.Outcome> recording = answers;
    answers = new ArrayList<>();
    Deliveries.recordAndClaim(pool, recording, settings.maxAttempts(), settings.maxInFlight(), settings.batchSize(),
            settings.leaseMillis(), nodeId)
        .compose(batch -> batch.isEmpty() ? Future.succeededFuture(batch)
            : Payloads.of(pool, batch, links, java.time.Instant.now()).map(bodies -> {
              batch.forEach(d -> send(d, bodies.get(d.id())));
              return batch;
            }))
        .onComplete(ar -> {
          claiming = false;
          if (ar.failed()) {
            log.warn("Claiming webhook deliveries failed: {}", ar.cause().toString());
            recording.addAll(answers); // recorded next time (their leases hold meanwhile)
            answers = recording;
          } else if (!ar.result().isEmpty() || !recording.isEmpty()) {
            again = true; // there is work: the freed places and the tickets' next events are claimable now
          }
          if (again) round();
        });
  }

  private void send(Deliveries.Claimed d, Buffer body) {
    client.postAbs(d.url()).timeout(settings.timeoutMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader(DELIVERY_HEADER, d.id().toString())
        .putHeader(SIGNATURE_HEADER, Signature.of(d.secret(), body))
        .sendBuffer(body)
        .onComplete(ar -> {
          if (ar.succeeded() && ar.result().statusCode() / 100 == 2) {
            answers.add(new Deliveries.Outcome(d, ar.result().statusCode(), true, null, 0));
          } else {
            Integer status = ar.succeeded() ? ar.result().statusCode() : null;
            // an error's text may name the request with its query, which may carry the receiver's token
            String error = ar.succeeded() ? "HTTP " + status : Deliveries.withoutQueries(ar.cause().toString());
            if (d.attempts() >= settings.maxAttempts()) {
              log.warn("Webhook delivery {} to {} failed for good: {}", d.id(), Deliveries.endpoint(d.url()), error);
            }
            answers.add(new Deliveries.Outcome(d, status, false, error.length() > 500 ? error.substring(0, 500) : error,
                settings.backoff(d.attempts())));
          }
          round(); // recorded, and the ticket's next event may go now
        });
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    client.close();
    // the answers that came in are recorded before the node goes (the others' leases run out)
    List<Deliveries.Outcome> last = answers;
    answers = new ArrayList<>();
    Future<Void> recorded = last.isEmpty() ? Future.succeededFuture()
        : pool.withTransaction(conn -> Deliveries.record(conn, last, settings.maxAttempts()));
    return recorded.recover(e -> Future.succeededFuture()).compose(v -> pool.close());
  }
}
