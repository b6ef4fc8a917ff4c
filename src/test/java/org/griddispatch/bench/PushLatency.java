package org.griddispatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Push latency under load, against a running node: N authenticated sockets (2 grid workers on every
 * grid topic, 2 dispatchers on {@code center}, the rest residents idle on {@code me}), tickets filed
 * over HTTP at a steady rate into random grids, and for every grid terminal the time from the
 * creating request's start, and from its answer, to the "created" frame. Reports p50/p99/max and
 * the server's heap (from /metrics). Run it with {@code bench/push-latency}.
 */
public final class PushLatency {
  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new java.util.HashMap<>();
    for (String a : args) {
      String[] kv = a.replaceFirst("^--", "").split("=", 2);
      opts.put(kv[0], kv.length > 1 ? kv[1] : "true");
    }
    int port = Integer.parseInt(opts.getOrDefault("port", "8080"));
    int terminals = Integer.parseInt(opts.getOrDefault("terminals", "10000"));
    int rate = Integer.parseInt(opts.getOrDefault("rate", "200"));
    int seconds = Integer.parseInt(opts.getOrDefault("seconds", "30"));
    Path out = opts.containsKey("out") ? Path.of(opts.get("out")) : null;
    new PushLatency(port, terminals, rate, seconds).run(out);
  }

  private final int port;
  private final int terminals;
  private final int rate;
  private final int seconds;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final WebClient http;
  private final WebSocketClient wsClient;
  private final Map<String, long[]> filed = new ConcurrentHashMap<>(); // ticket id -> {start, answered} nanos
  private final Map<String, List<Long>> frames = new ConcurrentHashMap<>(); // ticket id -> arrival nanos
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicLong framesReceived = new AtomicLong();

  PushLatency(int port, int terminals, int rate, int seconds) {
    this.port = port;
    this.terminals = terminals;
    this.rate = rate;
    this.seconds = seconds;
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(64));
    this.wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(terminals + 100)
        .setConnectTimeout(30_000));
  }

  void run(Path out) throws Exception {
    JsonArray points = resource("conf/demo/grid-points.json");
    List<String> gridIds = points.stream().map(o -> ((JsonObject) o).getString("gridId")).toList();
    JsonArray users = resource("conf/demo/users.json");

    long heapIdle = heap();
    // grid terminals: two per grid, signed in as a worker of that grid
    List<Future<WebSocket>> opening = new ArrayList<>();
    for (String grid : gridIds) {
      String worker = users.stream().map(o -> (JsonObject) o)
          .filter(u -> u.getJsonArray("gridIds").contains(grid)).findFirst().orElseThrow().getString("username");
      String token = login(worker);
      for (int i = 0; i < 2; i++) opening.add(open(token, "grid:" + grid, true));
    }
    String dispatcher = login("dispatcher");
    for (int i = 0; i < 2; i++) opening.add(open(dispatcher, "center", false));
    Future.all(opening).await(120, TimeUnit.SECONDS);

    // idle residents, each identity holding several sockets on "me"
    int idle = Math.max(0, terminals - opening.size());
    int identities = Math.max(1, Math.min(500, idle));
    List<String> residentTokens = new ArrayList<>();
    for (int i = 0; i < identities; i++) residentTokens.add(resident(String.format("1550000%04d", i)));
    for (int start = 0; start < idle; start += 500) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(idle, start + 500); i++) batch.add(open(residentTokens.get(i % identities), "me", false));
      Future.all(batch).await(120, TimeUnit.SECONDS);
    }
    System.gc();
    vertx.timer(2000).await();
    long heapConnected = heap();
    System.out.printf("connected %d sockets (%d grid terminals, 2 centre, %d idle residents)%n", connected.get(),
        gridIds.size() * 2, idle);

    // warm-up at the same rate (not measured): the JIT compiles the hot paths first
    Random random = new Random(42);
    load(points, random, rate * Math.min(10, seconds), false);
    filed.clear();
    frames.clear();

    // steady load: one ticket every 1/rate s, into a random grid
    int total = rate * seconds;
    int failed = load(points, random, total, true);
    vertx.timer(3000).await(); // the last frames
    long heapLoaded = heap();

    List<Long> fromStart = new ArrayList<>();
    List<Long> fromAnswer = new ArrayList<>();
    List<Long> request = new ArrayList<>();
    long missing = 0;
    for (var e : filed.entrySet()) {
      request.add(e.getValue()[1] - e.getValue()[0]);
      List<Long> arrivals = frames.getOrDefault(e.getKey(), List.of());
      missing += Math.max(0, 2 - arrivals.size());
      for (long at : arrivals) {
        fromStart.add(at - e.getValue()[0]);
        fromAnswer.add(at - e.getValue()[1]);
      }
    }
    String report = String.format("""
            | measure | value |
            |---|---|
            | sockets connected | %d |
            | tickets filed / acknowledged / failed (after %d s warm-up) | %d / %d / %d |
            | created frames expected at grid terminals / received / missing | %d / %d / %d |
            | HTTP create request, p50 / p99 / max (ms) | %s |
            | push latency from request start, p50 / p99 / max (ms) | %s |
            | push latency from HTTP answer, p50 / p99 / max (ms) | %s |
            | server heap used: idle / %d sockets / after load (MiB) | %d / %d / %d |
            """, connected.get(), Math.min(10, seconds), total, filed.size(), failed, filed.size() * 2, fromStart.size(), missing,
        percentiles(request), percentiles(fromStart), percentiles(fromAnswer), connected.get(), heapIdle >> 20,
        heapConnected >> 20, heapLoaded >> 20);
    System.out.println(report);
    if (out != null) {
      Files.createDirectories(out.getParent());
      Files.writeString(out, report);
    }
    vertx.close().await();
  }

  /** Files {@code total} tickets at the rate into random grids; answers how many failed. */
  private int load(JsonArray points, Random random, int total, boolean measured) throws InterruptedException {
    CountDownLatch answered = new CountDownLatch(total);
    AtomicInteger failures = new AtomicInteger();
    long begin = System.nanoTime();
    long periodNanos = 1_000_000_000L / rate;
    for (int n = 0; n < total; n++) {
      long due = begin + n * periodNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      JsonObject p = points.getJsonObject(random.nextInt(points.size()));
      JsonObject body = new JsonObject().put("category", "garbage").put("description", "bench " + n)
          .put("location", new JsonObject().put("lat", p.getDouble("lat")).put("lon", p.getDouble("lon")));
      long started = System.nanoTime();
      http.post("/api/v1/tickets").putHeader("X-Api-Key", "demo-hotline-key").sendJsonObject(body).onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.succeeded() && ar.result().statusCode() == 201) {
          if (measured) filed.put(ar.result().bodyAsJsonObject().getString("id"), new long[] {started, now});
        } else {
          failures.incrementAndGet();
        }
        answered.countDown();
      });
    }
    answered.await(60, TimeUnit.SECONDS);
    return failures.get();
  }

  private Future<WebSocket> open(String token, String topic, boolean measure) {
    return wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/ws?access_token=" + token)).onSuccess(ws -> {
          connected.incrementAndGet();
          ws.textMessageHandler(text -> {
            long now = System.nanoTime();
            framesReceived.incrementAndGet();
            if (!measure || !text.contains("\"type\":\"created\"")) return;
            String id = new JsonObject(text).getString("ticketId");
            frames.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(now);
          });
          ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", topic).encode());
        });
  }

  private String login(String username) {
    return http.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("username", username).put("password", "demo1234"))
        .await().bodyAsJsonObject().getString("token");
  }

  private String resident(String phone) {
    String code = http.post("/api/v1/auth/resident/code").sendJsonObject(new JsonObject().put("phone", phone))
        .await().bodyAsJsonObject().getString("devCode");
    return http.post("/api/v1/auth/resident/login").sendJsonObject(new JsonObject().put("phone", phone).put("code", code))
        .await().bodyAsJsonObject().getString("token");
  }

  private long heap() { return heap(http); }

  /** Heap in use on the server, from its Prometheus metrics. */
  static long heap(WebClient http) {
    String text = http.get("/metrics").send().await().bodyAsString();
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) sum;
  }

  /** p50 / p99 / max of millisecond values. */
  static String percentilesMillis(List<Long> millis) {
    if (millis.isEmpty()) return "-";
    long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
    return sorted[sorted.length / 2] + " / " + sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)]
        + " / " + sorted[sorted.length - 1];
  }

  static String percentiles(List<Long> nanos) {
    if (nanos.isEmpty()) return "-";
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    return String.format("%.1f / %.1f / %.1f", sorted[sorted.length / 2] / 1e6,
        sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * 0.99) - 1)] / 1e6, sorted[sorted.length - 1] / 1e6);
  }

  private static JsonArray resource(String name) throws IOException {
    try (InputStream in = PushLatency.class.getClassLoader().getResourceAsStream(name)) {
      return new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

}
