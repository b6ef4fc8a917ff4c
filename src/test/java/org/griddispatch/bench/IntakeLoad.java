package org.griddispatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closed-loop ticket creation as the 12345 hotline files it: {@code concurrency} callers each send
 * the next report as soon as the last one is answered. Reports fall anywhere in the demo subdistrict
 * (whose 24 grids tile its bounding box), in twelve categories, with varied Chinese descriptions and
 * the hotline's own case number as {@code externalId}, so every one passes validation, the duplicate
 * check and routing for real and few of them are merged.
 */
final class IntakeLoad {
  private static final String[] CATEGORIES = {"public_safety", "water_outage", "power_outage", "drainage_blockage",
      "food_safety", "streetlight", "garbage", "noise", "illegal_construction", "elderly_care", "neighbor_dispute", "other"};
  private static final String WORDS = "楼道灯不亮垃圾桶满了路面坑洼噪音扰民水管漏水车辆乱停井盖缺失树枝折断广告乱贴污水外溢电线老化"
      + "台阶破损围墙倒塌积水严重油烟扰民宠物扰民消防通道堵塞外墙脱落窨井异味路灯闪烁绿化带损坏";

  record Result(int concurrency, double perSecond, long created, long failed, List<Long> latencies) {
    String latency() { return BenchArgs.percentiles(latencies); }
  }

  private final Vertx vertx;
  private final WebClient http;
  private final double[] bbox; // minLon, minLat, maxLon, maxLat

  IntakeLoad(Vertx vertx, WebClient http) {
    this.vertx = vertx;
    this.http = http;
    JsonArray box = BenchArgs.resourceObject("conf/demo/grids.geojson").getJsonObject("properties").getJsonArray("bbox");
    this.bbox = new double[] {box.getDouble(0), box.getDouble(1), box.getDouble(2), box.getDouble(3)};
  }

  Result run(int seconds, int concurrency) {
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger failed = new AtomicInteger();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    List<Future<Void>> callers = new ArrayList<>();
    long start = System.nanoTime();
    vertx.setTimer(seconds * 1000L, t -> stop.set(true));
    for (int i = 0; i < concurrency; i++) callers.add(loop(stop, latencies, failed, new Random(System.nanoTime() + i)));
    Future.all(callers).await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    return new Result(concurrency, latencies.size() / elapsed, latencies.size(), failed.get(), new ArrayList<>(latencies));
  }

  private Future<Void> loop(AtomicBoolean stop, List<Long> latencies, AtomicInteger failed, Random random) {
    if (stop.get()) return Future.succeededFuture();
    JsonObject body = report(random);
    long t = System.nanoTime();
    return http.post("/api/v1/tickets").putHeader("X-Api-Key", "demo-hotline-key").sendJsonObject(body)
        .transform(ar -> {
          if (ar.succeeded() && ar.result().statusCode() == 201) latencies.add(System.nanoTime() - t);
          else failed.incrementAndGet();
          return loop(stop, latencies, failed, random);
        });
  }

  /** A report of a random category in words of its own: seldom a duplicate of another. */
  static JsonObject randomReport(Random random) {
    StringBuilder description = new StringBuilder();
    for (int i = 0; i < 12; i++) description.append(WORDS.charAt(random.nextInt(WORDS.length())));
    description.append("，").append(1 + random.nextInt(30)).append("号楼");
    return new JsonObject().put("category", CATEGORIES[random.nextInt(CATEGORIES.length)]).put("description", description.toString());
  }

  JsonObject report(Random random) {
    return randomReport(random).put("externalId", "12345-" + UUID.randomUUID())
        .put("contact", new JsonObject().put("name", "市民").put("phone", "138" + (10_000_000 + random.nextInt(89_999_999))))
        .put("location", new JsonObject().put("lat", bbox[1] + random.nextDouble() * (bbox[3] - bbox[1]))
            .put("lon", bbox[0] + random.nextDouble() * (bbox[2] - bbox[0])));
  }
}
