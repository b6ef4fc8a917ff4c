package org.griddispatch.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Webhooks against a running node: intake ({@link IntakeLoad}, the hotline filing closed-loop) with no
 * subscription, then with {@code subscriptions} subscriptions to every event, all delivered to one
 * receiver on 127.0.0.1 that answers 200 at once; reports intake's rate and latency in both runs, and
 * how fast the deliveries went out (deliveries per second from the load's start to the last arrival,
 * and how long after the load the outbox was empty). Run it with {@code bench/webhooks}.
 */
public final class WebhookBench {
  public static void main(String[] argv) throws Exception {
    BenchArgs args = new BenchArgs(argv);
    new WebhookBench(args.integer("port", 8080)).run(args.integer("subscriptions", 10), args.integer("seconds", 15),
        args.integer("concurrency", 8), args.get("adminPassword", "bench-admin-pw"), args);
  }

  private final Vertx vertx = Vertx.vertx();
  private final WebClient http;
  private final IntakeLoad load;
  private final AtomicLong received = new AtomicLong();
  private volatile long lastArrival;

  WebhookBench(int port) {
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
    load = new IntakeLoad(vertx, http);
  }

  void run(int subscriptions, int seconds, int concurrency, String adminPassword, BenchArgs args) throws Exception {
    HttpServer receiver = vertx.createHttpServer().requestHandler(req -> req.body().onSuccess(b -> {
      received.incrementAndGet();
      lastArrival = System.nanoTime();
      req.response().setStatusCode(200).end();
    })).listen(0, "127.0.0.1").await();

    load.run(5, concurrency); // warm-up
    IntakeLoad.Result without = load.run(seconds, concurrency);
    System.out.printf("intake without subscriptions: %.0f tickets/s, %s ms%n", without.perSecond(), without.latency());

    String admin = http.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("username", "admin").put("password", adminPassword))
        .await().bodyAsJsonObject().getString("token");
    List<String> hooks = new ArrayList<>();
    for (int i = 0; i < subscriptions; i++) {
      JsonObject created = http.post("/api/v1/admin/webhooks").bearerTokenAuthentication(admin)
          .sendJsonObject(new JsonObject().put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hook/" + i)
              .put("events", new JsonArray().add("*")).put("secret", "bench-secret-of-some-length"))
          .await().bodyAsJsonObject();
      hooks.add(created.getString("id"));
    }
    long start = System.nanoTime();
    IntakeLoad.Result with = load.run(seconds, concurrency);
    long loadEnded = System.nanoTime();
    System.out.printf("intake with %d subscriptions: %.0f tickets/s, %s ms%n", subscriptions, with.perSecond(), with.latency());

    // the outbox drains: every subscription's pending deliveries sent
    long drained = -1;
    for (int waited = 0; waited < 600; waited++) {
      JsonObject health = http.get("/api/v1/admin/webhooks/health").bearerTokenAuthentication(admin).send().await().bodyAsJsonObject();
      if (health.getLong("pending") == 0) {
        drained = (System.nanoTime() - loadEnded) / 1_000_000;
        break;
      }
      vertx.timer(100).await();
    }
    long sent = received.get();
    double perSecond = sent / ((lastArrival - start) / 1e9);
    String report = String.format("""
            | measure | value |
            |---|---|
            | intake, no subscription (tickets/s; p50 / p99 / max ms) | %.0f; %s |
            | intake, %d subscriptions to every event (tickets/s; p50 / p99 / max ms) | %.0f; %s |
            | intake p99 with / without | %.2f |
            | deliveries sent (all answered 200) | %d |
            | deliveries per second (load start to last arrival) | %.0f |
            | outbox empty after the load (ms) | %d |
            """, without.perSecond(), without.latency(), subscriptions, with.perSecond(), with.latency(),
        p99(with) / p99(without), sent, perSecond, drained);
    System.out.println(report);
    args.write(report);
    for (String id : hooks) http.delete("/api/v1/admin/webhooks/" + id).bearerTokenAuthentication(admin).send().await();
    vertx.close().await();
  }

  private static double p99(IntakeLoad.Result r) {
    return BenchArgs.at(r.latencies().stream().mapToLong(Long::longValue).sorted().toArray(), 0.99);
  }
}
