package org.griddispatch.bench;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.store.Database;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Push latency under load, the same client against one of three servers ({@code --target}):
 * <ul>
 *   <li>{@code dispatch}: a running node. Authenticated sockets (2 grid workers on every grid topic,
 *   2 dispatchers on {@code center}, the rest residents idle on {@code me}); each message is a
 *   ticket filed over HTTP by the hotline integration, which the node persists, routes and pushes
 *   as a {@code created} event to its grid and to the centre.</li>
 *   <li>{@code nchan}: nginx with nchan as plain WebSocket pub/sub. The same sockets on the same
 *   channel layout ({@code /sub/grid-<id>}, {@code /sub/center}, one {@code /sub/resident-<n>}
 *   each for the rest); each message is one HTTP POST of a small JSON to {@code /pub?grid=<id>},
 *   a publisher location with two channel ids, so nchan delivers it to the grid and the centre.</li>
 *   <li>{@code durable}: the same nginx + nchan after the client commits each message to PostgreSQL
 *   ({@code --pg}: one ticket row and its event, one transaction, full durability), as a team would
 *   build durable push from parts; latency still runs from the start (before the commit).</li>
 * </ul>
 * Messages go at a steady {@code --rate} into random grids, first for {@code --warmup} seconds
 * (not measured), then for {@code --seconds}. For every grid subscriber it records the time from
 * the publishing request's start, and from its answer, to the frame. It also reports the server's
 * resident memory and CPU time ({@code --pids}, {@code --db-pids}: the process trees of the server
 * and of its database) and, for the node, its heap. Behind a load balancer in front of clustered
 * nodes ({@code bench/cluster}), {@code --node-pids} and {@code --node-ports} (in the same order) add
 * each node's CPU time and event-bus bytes (written and read, from its {@code /metrics}) over the
 * measured period, and what they come to per ticket filed. Writes a two-column markdown table to
 * {@code --out}. Run by {@code bench/push} (all three) and {@code bench/push-latency} (the node alone).
 */
public final class PushLatency {
  public static void main(String[] argv) throws Exception {
    new PushLatency(new BenchArgs(argv)).run();
  }

  private final BenchArgs args;
  private final boolean nchan;
  /** The durable peer's PostgreSQL: each message is committed there before it is published to nchan. */
  private final Pool store;
  private final String target;
  private final int port;
  private final int terminals;
  private final int rate;
  private final int seconds;
  private final int warmup;
  private final PushProcesses server;
  private final PushProcesses database;
  /** Each clustered node's processes and HTTP port, when the bench names them. */
  private final List<PushProcesses> nodes;
  private final List<Integer> nodePorts;
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final WebClient http;
  private final WebSocketClient wsClient;
  private final Map<String, long[]> published = new ConcurrentHashMap<>(); // message id -> {start, answered} nanos
  private final Map<String, List<Long>> frames = new ConcurrentHashMap<>(); // message id -> arrival nanos
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicLong frameBytes = new AtomicLong();
  private final AtomicLong frameCount = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private final ThreadLocal<Random> descriptions = ThreadLocal.withInitial(() -> new Random(System.nanoTime()));

  PushLatency(BenchArgs args) {
    this.args = args;
    String target = args.get("target", "dispatch");
    if (!List.of("dispatch", "nchan", "durable").contains(target)) throw new IllegalArgumentException("--target=dispatch|nchan|durable");
    this.nchan = !target.equals("dispatch"); // the durable peer publishes through nchan too
    this.store = target.equals("durable") ? Database.pool(vertx, args.get("pg", null), 8, "bench-durable") : null;
    this.target = target;
    this.port = args.integer("port", 8080);
    this.terminals = args.integer("terminals", 10_000);
    this.rate = args.integer("rate", 200);
    this.seconds = args.integer("seconds", 30);
    this.warmup = args.integer("warmup", 30);
    this.server = new PushProcesses(args.get("pids", ""));
    this.database = new PushProcesses(args.get("db-pids", ""));
    this.nodes = args.get("node-pids", "").isBlank() ? List.of()
        : java.util.Arrays.stream(args.get("node-pids", "").split(",")).map(PushProcesses::new).toList();
    this.nodePorts = args.get("node-ports", "").isBlank() ? List.of()
        : java.util.Arrays.stream(args.get("node-ports", "").split(",")).map(String::trim).map(Integer::parseInt).toList();
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
        .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    this.wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(terminals + 100)
        .setConnectTimeout(30_000));
  }

  void run() throws Exception {
    JsonArray points = BenchArgs.resource("conf/demo/grid-points.json");
    List<String> gridIds = points.stream().map(o -> ((JsonObject) o).getString("gridId")).distinct().toList();
    long[] heap = new long[3];
    long[] rss = new long[3];
    heap[0] = heap();
    rss[0] = server.rssBytes();

    int opened = connect(gridIds);
    vertx.timer(1000).await();
    heap[1] = heap();
    rss[1] = server.rssBytes();
    System.out.printf("%s: connected %d of %d sockets (%d grid subscribers, 2 centre, %d idle)%n", target,
        connected.get(), opened, gridIds.size() * 2, opened - gridIds.size() * 2 - 2);

    // warm-up at the same rate (not measured): the JIT compiles the hot paths first
    Random random = new Random(42);
    publish(points, random, rate * warmup, false);
    published.clear();
    frames.clear();

    // steady load: one message every 1/rate s, into a random grid
    double serverCpu = server.cpuSeconds();
    double databaseCpu = database.cpuSeconds();
    double[] nodeCpu = nodes.stream().mapToDouble(PushProcesses::cpuSeconds).toArray();
    double[] nodeBus = nodePorts.stream().mapToDouble(this::busBytes).toArray();
    int total = rate * seconds;
    int failed = publish(points, random, total, true);
    serverCpu = server.cpuSeconds() - serverCpu;
    databaseCpu = database.cpuSeconds() - databaseCpu;
    for (int i = 0; i < nodeCpu.length; i++) nodeCpu[i] = nodes.get(i).cpuSeconds() - nodeCpu[i];
    for (int i = 0; i < nodeBus.length; i++) nodeBus[i] = busBytes(nodePorts.get(i)) - nodeBus[i];
    long expected = published.size() * 2L;
    for (int i = 0; i < 30 && received() < expected; i++) vertx.timer(100).await(); // the last frames, 3 s at most
    heap[2] = heap();
    rss[2] = server.rssBytes();

    List<Long> fromStart = new ArrayList<>();
    List<Long> fromAnswer = new ArrayList<>();
    List<Long> request = new ArrayList<>();
    long missing = 0;
    for (var e : published.entrySet()) {
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
            | messages published / acknowledged / failed (after %d s warm-up) | %d / %d / %d |
            | frames expected at grid subscribers / received / missing | %d / %d / %d |
            | mean frame size at grid subscribers (bytes) | %d |
            | publish request, p50 / p99 / max (ms) | %s |
            | latency from publish start, p50 / p99 / max (ms) | %s |
            | latency from publish answer, p50 / p99 / max (ms) | %s |
            | server RSS: idle / connected / after load (MiB) | %s |
            | server heap used: idle / connected / after load (MiB) | %s |
            | server CPU during the measured period (s) | %s |
            | database CPU during the measured period (s) | %s |
            """, connected.get(), warmup, total, published.size(), failed, published.size() * 2, fromStart.size(), missing,
        frameCount.get() == 0 ? 0 : frameBytes.get() / frameCount.get(), BenchArgs.percentiles(request),
        BenchArgs.percentiles(fromStart), BenchArgs.percentiles(fromAnswer), server.none() ? "-" : mib(rss),
        nchan ? "-" : mib(heap), server.none() ? "-" : String.format("%.1f", serverCpu),
        database.none() ? "-" : String.format("%.1f", databaseCpu));
    if (!nodes.isEmpty()) report += perNode(nodeCpu, nodeBus, published.size());
    System.out.println(report);
    args.write(report);
    if (store != null) store.close().await();
    vertx.close().await();
  }

  /** Opens the sockets: two on every grid, two on the centre, the rest idle; answers how many were tried. */
  private int connect(List<String> gridIds) throws Exception {
    // where each socket goes; on the node that needs sign-ins, which run side by side
    JsonArray users = nchan ? null : BenchArgs.resource("conf/demo/users.json");
    List<Future<String>> grids = new ArrayList<>();
    for (String grid : gridIds) {
      grids.add(nchan ? Future.succeededFuture("/sub/grid-" + grid) : login(users.stream().map(o -> (JsonObject) o)
          .filter(u -> u.getJsonArray("gridIds").contains(grid)).findFirst().orElseThrow().getString("username")));
    }
    Future<String> centre = nchan ? Future.succeededFuture("/sub/center") : login("dispatcher");
    int idle = Math.max(0, terminals - gridIds.size() * 2 - 2);
    int identities = Math.max(1, Math.min(500, idle / 20)); // on the node, each resident holds several sockets on "me"
    List<Future<String>> residents = new ArrayList<>();
    for (int i = 0; !nchan && i < identities; i++) residents.add(resident(String.format("1550000%04d", i)));
    List<Future<String>> signIns = new ArrayList<>(grids);
    signIns.add(centre);
    signIns.addAll(residents);
    Future.all(signIns).await(120, TimeUnit.SECONDS);

    List<Future<WebSocket>> opening = new ArrayList<>();
    for (int g = 0; g < gridIds.size(); g++) {
      for (int i = 0; i < 2; i++) opening.add(open(grids.get(g).result(), "grid:" + gridIds.get(g), true));
    }
    for (int i = 0; i < 2; i++) opening.add(open(centre.result(), "center", false));
    Future.all(opening).await(120, TimeUnit.SECONDS);
    for (int start = 0; start < idle; start += 500) {
      List<Future<WebSocket>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(idle, start + 500); i++) {
        batch.add(open(nchan ? "/sub/resident-" + i : residents.get(i % identities).result(), "me", false));
      }
      Future.all(batch).await(120, TimeUnit.SECONDS);
    }
    return opening.size() + idle;
  }

  /** Publishes {@code total} messages at the rate into random grids; answers how many failed. */
  private int publish(JsonArray points, Random random, int total, boolean measured) throws InterruptedException {
    CountDownLatch answered = new CountDownLatch(total);
    AtomicInteger failures = new AtomicInteger();
    long begin = System.nanoTime();
    long periodNanos = 1_000_000_000L / rate;
    for (int n = 0; n < total; n++) {
      long wait = begin + n * periodNanos - System.nanoTime();
      if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
      JsonObject point = points.getJsonObject(random.nextInt(points.size()));
      long started = System.nanoTime();
      send(point).onComplete(ar -> {
        long now = System.nanoTime();
        if (ar.succeeded() && ar.result() != null) {
          if (measured) published.put(ar.result(), new long[] {started, now});
        } else {
          failures.incrementAndGet();
        }
        answered.countDown();
      });
    }
    answered.await(60, TimeUnit.SECONDS);
    return failures.get();
  }

  /**
   * What a team would build from parts when the change must be stored first: one ticket row and its
   * event in one committed transaction (full durability), then the publish. The same rows the
   * intake ceiling writes (bench/sql/intake-ceiling.sql).
   */
  private static final String DURABLE = """
      WITH ticket AS (
        INSERT INTO tickets (id, number, kind, status, channel, category, priority, description, lat, lon,
                             contact_name, contact_phone, created_by, grid_id, external_id, version, seq,
                             respond_by, resolve_by, created_at, updated_at, attributes)
        VALUES (gen_random_uuid(), 'PGB-' || lpad(nextval('ticket_number_seq')::text, 9, '0'), 'issue', 'received',
                'hotline12345', 'garbage', 'normal', $2, $3, $4, '市民', '13800000000',
                (SELECT id FROM users WHERE role = 'integration' LIMIT 1), $1, 'durable-' || gen_random_uuid(), 1, 1,
                now() + interval '2 hours', now() + interval '7 days', now(), now(), '{}')
        RETURNING *)
      INSERT INTO ticket_events (ticket_id, seq, type, at, actor_id, actor_role, actor_name, data, topics)
      SELECT id, 1, 'created', created_at, created_by, 'integration', '12345热线',
             jsonb_build_object('channel', channel, 'category', category, 'gridId', grid_id), ticket_topics(ticket.*::tickets)
      FROM ticket RETURNING ticket_id::text""";

  /** One message into the point's grid; answers its id, or null when the server refused it. */
  private Future<String> send(JsonObject point) {
    if (store != null) {
      String grid = point.getString("gridId");
      return store.preparedQuery(DURABLE)
          .execute(Tuple.of(grid, IntakeLoad.randomReport(descriptions.get()).getString("description"), point.getDouble("lat"),
              point.getDouble("lon")))
          .compose(rows -> {
            String id = rows.iterator().next().getString(0);
            JsonObject message = new JsonObject().put("type", "created").put("ticketId", id).put("gridId", grid);
            return http.post("/pub").addQueryParam("grid", grid).sendJsonObject(message).map(r -> r.statusCode() / 100 == 2 ? id : null);
          });
    }
    if (nchan) {
      String id = "m-" + sequence.incrementAndGet();
      JsonObject message = new JsonObject().put("type", "created").put("ticketId", id).put("gridId", point.getString("gridId"));
      return http.post("/pub").addQueryParam("grid", point.getString("gridId")).sendJsonObject(message)
          .map(r -> r.statusCode() / 100 == 2 ? id : null);
    }
    // words of its own, so that it is filed as a new ticket rather than merged into an earlier one
    JsonObject ticket = IntakeLoad.randomReport(descriptions.get())
        .put("location", new JsonObject().put("lat", point.getDouble("lat")).put("lon", point.getDouble("lon")));
    return http.post("/api/v1/tickets").putHeader("X-Api-Key", "demo-hotline-key").sendJsonObject(ticket)
        .map(r -> r.statusCode() == 201 ? r.bodyAsJsonObject().getString("id") : null);
  }

  /** A socket; on the node it subscribes to {@code topic}, on nchan the URI is the channel. */
  private Future<WebSocket> open(String uri, String topic, boolean measure) {
    return wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri)).onSuccess(ws -> {
      connected.incrementAndGet();
      ws.textMessageHandler(text -> {
        long now = System.nanoTime();
        if (!measure || !text.contains("\"type\":\"created\"")) return;
        frameBytes.addAndGet(text.getBytes(StandardCharsets.UTF_8).length);
        frameCount.incrementAndGet();
        String id = new JsonObject(text).getString("ticketId");
        frames.computeIfAbsent(id, k -> Collections.synchronizedList(new ArrayList<>())).add(now);
      });
      if (!nchan) ws.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", topic).encode());
    }).otherwiseEmpty(); // counted as not connected
  }

  /** The clustered nodes' share: CPU and event-bus bytes, each node's and per ticket filed. */
  private static String perNode(double[] cpu, double[] bus, int tickets) {
    StringBuilder cpuEach = new StringBuilder();
    StringBuilder busEach = new StringBuilder();
    double cpuSum = 0;
    double busSum = 0;
    for (int i = 0; i < cpu.length; i++) {
      cpuEach.append(i > 0 ? " / " : "").append(String.format("%.1f", cpu[i]));
      cpuSum += cpu[i];
    }
    for (int i = 0; i < bus.length; i++) {
      busEach.append(i > 0 ? " / " : "").append(String.format("%.0f", bus[i] / 1024));
      busSum += bus[i];
    }
    int n = Math.max(1, cpu.length);
    return String.format("""
        | CPU of each node during the measured period (s) | %s |
        | CPU per ticket filed, mean of a node / all nodes (ms) | %.2f / %.2f |
        | event-bus bytes written + read by each node during the measured period (KiB) | %s |
        | event-bus bytes per ticket filed, mean of a node (bytes) | %s |
        """, cpuEach, tickets == 0 ? 0 : cpuSum / n / tickets * 1000, tickets == 0 ? 0 : cpuSum / tickets * 1000,
        bus.length == 0 ? "-" : busEach, bus.length == 0 || tickets == 0 ? "-" : String.format("%.0f", busSum / bus.length / tickets));
  }

  /** Event-bus bytes a node has written and read so far (clustered messages), from its metrics. */
  private double busBytes(int nodePort) {
    String text = http.get(nodePort, "127.0.0.1", "/metrics")
        .putHeader("Authorization", "Bearer " + System.getenv("DISPATCH_METRICS_TOKEN")).send().await().bodyAsString();
    double sum = 0;
    for (String line : text.split("\n")) {
      String name = line.split("[{ ]", 2)[0];
      if ((name.startsWith("vertx_eventbus_bytes_written") || name.startsWith("vertx_eventbus_bytes_read")) && name.endsWith("_sum")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** Frames received so far for the measured messages. */
  private long received() {
    return published.keySet().stream().mapToLong(id -> frames.getOrDefault(id, List.of()).size()).sum();
  }

  private long heap() { return nchan ? 0 : BenchArgs.heap(http); }

  private static String mib(long[] bytes) {
    return String.format("%d / %d / %d", bytes[0] >> 20, bytes[1] >> 20, bytes[2] >> 20);
  }

  /** A socket URI with the account's token. */
  private Future<String> login(String username) {
    return http.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("username", username).put("password", "demo1234"))
        .map(r -> "/ws?access_token=" + r.bodyAsJsonObject().getString("token"));
  }

  /** A socket URI with a resident's token (code, then sign-in). */
  private Future<String> resident(String phone) {
    return http.post("/api/v1/auth/resident/code").sendJsonObject(new JsonObject().put("phone", phone))
        .compose(r -> http.post("/api/v1/auth/resident/login").sendJsonObject(new JsonObject().put("phone", phone)
            .put("code", r.bodyAsJsonObject().getString("devCode"))))
        .map(r -> "/ws?access_token=" + r.bodyAsJsonObject().getString("token"));
  }
}
