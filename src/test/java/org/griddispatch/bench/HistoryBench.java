package org.griddispatch.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.Keyset;
import org.griddispatch.store.Database;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Years of history, measured: against a node started on a database bench/history filled, times each
 * read the people and integrations make (one call at a time, over HTTP and the socket, as the pages
 * and integrations make them), with the start-up times bench/history measured. Each measure runs
 * {@code --calls} times or for 20 s, whichever ends first; the report says how many. Run it with
 * {@code bench/history}.
 */
public final class HistoryBench {
  private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(20);

  public static void main(String[] argv) throws Exception {
    BenchArgs args = new BenchArgs(argv);
    new HistoryBench(args.integer("port", 8080), args.get("pg", null)).run(args);
  }

  private final Vertx vertx = Vertx.vertx();
  private final int port;
  private final WebClient http;
  private final HttpClient raw;
  private final Pool db;
  private final Random random = new Random(7);
  private final StringBuilder rows = new StringBuilder();
  private final List<String> slow = new ArrayList<>();
  private int calls;
  /** Only the reads whose names contain one of these, split by | (--only=; empty: all), to measure some after a change. */
  private String only = "";

  private boolean skipped(String name) {
    return !only.isEmpty() && java.util.Arrays.stream(only.split("\\|")).noneMatch(name::contains);
  }

  HistoryBench(int port, String pgUri) {
    this.port = port;
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true));
    raw = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true));
    db = Database.pool(vertx, pgUri, 2, "bench-history");
  }

  void run(BenchArgs args) throws Exception {
    calls = args.integer("calls", 200);
    only = args.get("only", "");
    String dispatcher = login("dispatcher");
    String supervisor = login("supervisor");
    String worker = login("worker-jgm-01");
    Row deptRow = one("SELECT u.username, u.dept_id FROM users u WHERE u.role = 'dept_staff' AND u.dept_id IS NOT NULL"
        + " ORDER BY (SELECT count(*) FROM ticket_departments d WHERE d.dept_id = u.dept_id) DESC, u.username LIMIT 1");
    String dept = login(deptRow.getString("username"));
    String deptId = deptRow.getString("dept_id");
    String residentPhone = one("SELECT u.phone FROM users u WHERE u.role = 'resident'"
        + " ORDER BY (SELECT count(*) FROM tickets t WHERE t.reporter_id = u.id) DESC, u.phone LIMIT 1").getString(0);
    String resident = resident(residentPhone);
    String workerGrid = one("SELECT ug.grid_id FROM user_grids ug JOIN users u ON u.id = ug.user_id WHERE u.username = 'worker-jgm-01'"
        + " ORDER BY 1 LIMIT 1").getString(0);
    String workload = "assigned,accepted,whistled,reopened";
    String unheld = "received,assigned,accepted,whistled,returned,reopened,resolved";

    // a page a year back: the cursor a client holds after scrolling that far
    Row yearAgo = one("SELECT created_at, id FROM tickets WHERE created_at < now() - interval '1 year' ORDER BY created_at DESC, id DESC LIMIT 1");
    String deepCursor = yearAgo == null ? null : new Keyset(yearAgo.getOffsetDateTime("created_at"), yearAgo.getUUID("id").toString()).encode();

    measure("worker: my workload (status=" + workload + ", limit=200)", worker, () -> "/api/v1/tickets?status=" + workload + "&limit=200");
    measure("worker: the queue (open and resolved, limit=100)", worker, () -> "/api/v1/tickets?status=" + unheld + "&limit=100");
    measure("worker: everything in my grids, newest 50", worker, () -> "/api/v1/tickets?limit=50");
    measure("worker: search a word", worker, () -> "/api/v1/tickets?limit=50&q=" + enc(pick("路灯", "井盖", "电梯", "水管")));
    measure("dispatcher: newest 50", dispatcher, () -> "/api/v1/tickets?limit=50");
    measure("dispatcher: the centre's queue (workload, limit=200)", dispatcher, () -> "/api/v1/tickets?status=" + workload + "&limit=200");
    measure("dispatcher: return visits to make (awaiting=visit)", dispatcher, () -> "/api/v1/tickets?awaiting=visit&limit=50");
    measure("dispatcher: bad ratings to review (awaiting=review)", dispatcher, () -> "/api/v1/tickets?awaiting=review&limit=50");
    measure("dispatcher: one grid's tickets", dispatcher, () -> "/api/v1/tickets?limit=50&gridId=" + enc(workerGrid));
    if (deepCursor != null) measure("dispatcher: a page a year back (cursor)", dispatcher, () -> "/api/v1/tickets?limit=50&cursor=" + enc(deepCursor));
    List<String> numbers = column("SELECT number FROM tickets TABLESAMPLE SYSTEM (0.5) LIMIT 500");
    List<String> phones = column("SELECT contact_phone FROM tickets TABLESAMPLE SYSTEM (0.5) WHERE contact_phone IS NOT NULL LIMIT 500");
    measure("dispatcher: search by number", dispatcher, () -> "/api/v1/tickets?limit=50&q=" + enc(pick(numbers)));
    measure("dispatcher: search by phone", dispatcher, () -> "/api/v1/tickets?limit=50&q=" + enc(pick(phones)));
    measure("dispatcher: search two words", dispatcher, () -> "/api/v1/tickets?limit=50&q=" + enc(pick("路灯", "井盖", "电梯") + " " + pick("学校门口", "菜市场旁")));
    measure("supervisor: newest 50", supervisor, () -> "/api/v1/tickets?limit=50");
    measure("supervisor: the supervision board", supervisor, () -> "/api/v1/supervision");
    measure("department staff: called to us (deptId, limit=200)", dept, () -> "/api/v1/tickets?deptId=" + enc(deptId) + "&limit=200");
    measure("resident: my requests", resident, () -> "/api/v1/tickets?limit=50");

    List<String> ids = column("SELECT id::text FROM tickets TABLESAMPLE SYSTEM (0.5) LIMIT 500");
    measure("one ticket (any age)", dispatcher, () -> "/api/v1/tickets/" + pick(ids));
    measure("one ticket's timeline (any age)", dispatcher, () -> "/api/v1/tickets/" + pick(ids) + "/events");

    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    YearMonth thisMonth = YearMonth.now(ZONE);
    Row oldest = one("SELECT min(created_at) FROM tickets");
    int months = Math.max(1, (int) java.time.temporal.ChronoUnit.MONTHS.between(YearMonth.from(oldest.getOffsetDateTime(0).atZoneSameInstant(ZONE)), thisMonth));
    Supplier<YearMonth> anyMonth = () -> thisMonth.minusMonths(1 + random.nextInt(months));
    measure("stats: the last 30 days (the default)", supervisor, () -> "/api/v1/stats");
    measure("stats: a month (any month of the history)", supervisor, () -> {
      YearMonth m = anyMonth.get();
      return "/api/v1/stats?from=" + m.atDay(1) + "&to=" + m.plusMonths(1).atDay(1);
    });
    measure("stats: a year", supervisor, () -> "/api/v1/stats?from=" + thisMonth.minusMonths(12).atDay(1) + "&to=" + thisMonth.atDay(1));
    List<String> grids = column("SELECT id FROM grids ORDER BY id");
    measure("stats: a year, one grid", supervisor, () -> "/api/v1/stats?from=" + thisMonth.minusMonths(12).atDay(1) + "&to=" + thisMonth.atDay(1)
        + "&gridId=" + enc(pick(grids)));
    measure("stats: a month, one department", supervisor, () -> {
      YearMonth m = anyMonth.get();
      return "/api/v1/stats?from=" + m.atDay(1) + "&to=" + m.plusMonths(1).atDay(1) + "&deptId=" + enc(deptId);
    });
    measure("rankings: a month", supervisor, () -> {
      YearMonth m = anyMonth.get();
      return "/api/v1/stats/rankings?from=" + m.atDay(1) + "&to=" + m.plusMonths(1).atDay(1);
    });
    measureCsv("CSV: the monthly report (month=, format=csv)", supervisor, () -> "/api/v1/stats/monthly?format=csv&month=" + anyMonth.get());
    measureCsv("CSV: stats.csv for a month", supervisor, () -> {
      YearMonth m = anyMonth.get();
      return "/api/v1/stats.csv?from=" + m.atDay(1) + "&to=" + m.plusMonths(1).atDay(1);
    });

    String key = "api_key=demo-hotline-key";
    measure("Open311: requests (default: the last 90 days, 1000)", null, () -> "/open311/v2/requests.json?" + key);
    measure("Open311: requests of a service, a month long ago", null, () -> {
      YearMonth m = anyMonth.get();
      return "/open311/v2/requests.json?" + key + "&service_code=" + pick("streetlight", "garbage", "noise") + "&start_date=" + m.atDay(1)
          + "T00:00:00%2B08:00&end_date=" + m.plusMonths(1).atDay(1) + "T00:00:00%2B08:00";
    });
    measure("Open311: open requests", null, () -> "/open311/v2/requests.json?" + key + "&status=open");
    measure("Open311: requests by id (service_request_id, 10)", null, () -> {
      List<String> ten = new ArrayList<>();
      for (int i = 0; i < 10; i++) ten.add(pick(numbers));
      return "/open311/v2/requests.json?" + key + "&service_request_id=" + enc(String.join(",", ten));
    });
    measure("Open311: one request", null, () -> "/open311/v2/requests/" + enc(pick(numbers)) + ".json?" + key);
    measure("Open311: updates of a day long ago", null, () -> {
      OffsetDateTime d = now.minusDays(2 + random.nextInt(months * 28));
      return "/open311/v2/servicerequestupdates.json?" + key + "&start_date=" + enc(d.toString()) + "&end_date=" + enc(d.plusDays(1).toString());
    });

    Row dayBehind = one("""
        SELECT e.tx::text AS tx, max(e.id) AS id FROM ticket_events e WHERE e.tx = (
          SELECT e2.tx FROM tickets t JOIN ticket_events e2 ON e2.ticket_id = t.id AND e2.seq = 1
          WHERE t.created_at < (SELECT max(created_at) FROM tickets) - interval '1 day' ORDER BY t.created_at DESC LIMIT 1) GROUP BY e.tx""");
    String cursor = dayBehind.getString("tx") + "." + dayBehind.getLong("id");
    String workerId = one("SELECT id FROM users WHERE username = 'worker-jgm-01'").getString(0);
    resume("socket: the centre resumes a day behind (center)", dispatcher, "center", "center", cursor);
    // what the centre's page does (its replay limit, 1000): told to reload, it reads its lists afresh
    resumeByReload("socket: the centre comes back a day behind, as its page does (replayLimit 1000, then its lists)", dispatcher,
        "center", cursor, 1000, List.of("/api/v1/tickets?status=" + unheld + "&limit=100", "/api/v1/tickets?status=" + workload + "&limit=200",
            "/api/v1/supervision", "/api/v1/stats"));
    resume("socket: a worker's grid resumes a day behind (grid:)", worker, "grid:" + workerGrid, "grid:" + workerGrid, cursor);
    resume("socket: a worker's own feed resumes a day behind (me)", worker, "me", "user:" + workerId, cursor);

    String report = report(args);
    System.out.println(report);
    args.write(report);
    vertx.close();
  }

  private String report(BenchArgs args) {
    StringBuilder out = new StringBuilder("# Years of history: " + args.get("counts", "?") + "\n\n");
    out.append("`bench/history` on ").append(Runtime.getRuntime().availableProcessors()).append(" cores (shared). ");
    String fill = args.get("fill", "");
    if (!fill.isEmpty()) out.append("Filled over ").append(args.get("years", "?")).append(" years in ").append(fill).append(" s. ");
    out.append("Database ").append(args.get("dbsize", "?")).append(": ").append(args.get("sizes", "")).append(".\n\n");
    long[] starts = Arrays.stream(args.get("starts", "").split(",")).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).sorted().toArray();
    if (starts.length > 0) {
      out.append("Start-up to ready (launching the jar until `/health/ready` answers 200, the database already running), ")
          .append(starts.length).append(" starts: median ").append(starts[starts.length / 2]).append(" ms, max ")
          .append(starts[starts.length - 1]).append(" ms.\n\n");
    }
    out.append("| read | calls | p50 / p99 / max (ms) | answer |\n|---|---|---|---|\n").append(rows);
    out.append("\nOne call at a time over HTTP keep-alive (the socket's: subscribe to the last replayed event). Over 200 ms at p99: ")
        .append(slow.isEmpty() ? "none" : String.join("; ", slow)).append(".\n");
    return out.toString();
  }

  private void measure(String name, String token, Supplier<String> path) {
    if (skipped(name)) return;
    List<Long> nanos = new ArrayList<>();
    long bytes = 0;
    long began = System.nanoTime();
    String sample = "";
    // one call first to warm the statement caches of this query, not timed
    call(token, path.get());
    while (nanos.size() < calls && System.nanoTime() - began < BUDGET_NANOS) {
      String p = path.get();
      long t = System.nanoTime();
      var res = call(token, p);
      nanos.add(System.nanoTime() - t);
      bytes += res.body() == null ? 0 : res.body().length();
      if (sample.isEmpty()) sample = items(res);
    }
    row(name, nanos, String.format("%s, %.0f kB", sample, bytes / 1024.0 / nanos.size()));
  }

  private io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> call(String token, String path) {
    var req = http.get(path);
    if (token != null) req.putHeader("Authorization", "Bearer " + token);
    var res = req.send().await();
    if (res.statusCode() != 200) throw new IllegalStateException(path + ": " + res.statusCode() + " " + res.bodyAsString());
    return res;
  }

  private static String items(io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> res) {
    String body = res.bodyAsString();
    try {
      if (body.startsWith("[")) return new io.vertx.core.json.JsonArray(body).size() + " items";
      JsonObject o = new JsonObject(body);
      if (o.containsKey("items")) return o.getJsonArray("items").size() + " items";
      if (o.containsKey("received")) return o.getLong("received") + " tickets counted";
      if (o.containsKey("overdue") && o.containsKey("atRisk")) return o.getLong("overdue") + " overdue, " + o.getLong("atRisk") + " at risk";
      if (o.containsKey("seq")) return "ticket";
    } catch (RuntimeException e) {
      // not JSON: said by its size
    }
    return "";
  }

  /** A CSV download: the time to its first byte and to its last. */
  private void measureCsv(String name, String token, Supplier<String> path) {
    if (skipped(name)) return;
    List<Long> first = new ArrayList<>();
    List<Long> whole = new ArrayList<>();
    long began = System.nanoTime();
    AtomicLong bytes = new AtomicLong();
    while (whole.size() < calls && System.nanoTime() - began < BUDGET_NANOS) {
      String p = path.get();
      long t = System.nanoTime();
      AtomicLong firstAt = new AtomicLong();
      Promise<Void> done = Promise.promise();
      // the body's handlers are set on the event loop as the answer's head arrives (a callback added from
      // this thread to a finished future runs later, when a small body may have ended already)
      raw.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(p).putHeader("Authorization", "Bearer " + token))
          .compose(req -> req.send().andThen(ar -> {
            if (ar.failed()) return;
            var res = ar.result();
            if (res.statusCode() != 200) done.tryFail(p + ": " + res.statusCode());
            res.handler(buf -> {
              firstAt.compareAndSet(0, System.nanoTime());
              bytes.addAndGet(buf.length());
            });
            res.endHandler(v -> done.tryComplete());
          })).onFailure(done::tryFail);
      done.future().await();
      long end = System.nanoTime();
      first.add(firstAt.get() - t);
      whole.add(end - t);
    }
    row(name + ", first byte", first, "");
    row(name + ", whole", whole, String.format("%.0f kB", bytes.get() / 1024.0 / whole.size()));
  }

  /** A socket subscribing with a cursor a day old: from the subscribe to the last event it missed. */
  private void resume(String name, String token, String topic, String eventTopic, String cursor) throws Exception {
    if (skipped(name)) return;
    long expected = one("SELECT count(*) FROM ticket_events WHERE topics @> ARRAY[$1::text] AND (tx, id) > ($2::text::xid8, $3)",
        Tuple.of(eventTopic, cursor.substring(0, cursor.indexOf('.')), Long.parseLong(cursor.substring(cursor.indexOf('.') + 1)))).getLong(0);
    WebSocketClient ws = vertx.createWebSocketClient();
    List<Long> nanos = new ArrayList<>();
    List<Long> firsts = new ArrayList<>();
    int runs = Math.min(calls, 20);
    long began = System.nanoTime();
    while (nanos.size() < runs && System.nanoTime() - began < BUDGET_NANOS) {
      var socket = socket(ws, token);
      AtomicInteger got = new AtomicInteger();
      AtomicLong first = new AtomicLong();
      Promise<Void> done = Promise.promise();
      // the server's frames put op first: an event is told by its start, so the time is the server's and the
      // network's, not this client's JSON parser's (a terminal parses each frame as it shows it)
      socket.textMessageHandler(text -> {
        if (text.startsWith("{\"op\":\"event\"")) {
          first.compareAndSet(0, System.nanoTime());
          if (got.incrementAndGet() >= expected) done.tryComplete();
        } else if (text.startsWith("{\"op\":\"error\"")) {
          done.tryFail(text);
        }
      });
      long t = System.nanoTime();
      socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", topic).put("after", cursor).encode());
      if (expected == 0) done.tryComplete();
      done.future().await(120, TimeUnit.SECONDS);
      nanos.add(System.nanoTime() - t);
      firsts.add((first.get() == 0 ? System.nanoTime() : first.get()) - t);
      socket.close().await();
    }
    row(name, nanos, expected + " events replayed; first event p50 " + BenchArgs.percentiles(firsts).split(" / ")[0] + " ms");
  }

  /**
   * A socket subscribing with a cursor a day old and a replay limit it is past: from the subscribe to
   * the {@code reload} answer, then to the last of the lists the page reads afresh (read together).
   */
  private void resumeByReload(String name, String token, String topic, String cursor, int replayLimit, List<String> lists) throws Exception {
    if (skipped(name)) return;
    WebSocketClient ws = vertx.createWebSocketClient();
    List<Long> nanos = new ArrayList<>();
    List<Long> acks = new ArrayList<>();
    int runs = Math.min(calls, 20);
    long began = System.nanoTime();
    while (nanos.size() < runs && System.nanoTime() - began < BUDGET_NANOS) {
      var socket = socket(ws, token);
      Promise<JsonObject> answered = Promise.promise();
      socket.textMessageHandler(text -> {
        if (text.startsWith("{\"op\":\"subscribed\"") || text.startsWith("{\"op\":\"error\"")) answered.tryComplete(new JsonObject(text));
      });
      long t = System.nanoTime();
      socket.writeTextMessage(new JsonObject().put("op", "subscribe").put("topic", topic).put("after", cursor)
          .put("replayLimit", replayLimit).encode());
      JsonObject ack = answered.future().await(120, TimeUnit.SECONDS);
      if (!ack.getBoolean("reload", false)) throw new IllegalStateException(name + ": expected to be told to reload, got " + ack.encode());
      acks.add(System.nanoTime() - t);
      List<Future<?>> reads = new ArrayList<>();
      for (String path : lists) {
        reads.add(http.get(path).putHeader("Authorization", "Bearer " + token).send().map(res -> {
          if (res.statusCode() != 200) throw new IllegalStateException(path + ": " + res.statusCode());
          return res;
        }));
      }
      Future.all(reads).await();
      nanos.add(System.nanoTime() - t);
      socket.close().await();
    }
    row(name, nanos, "told to reload at p50 " + BenchArgs.percentiles(acks).split(" / ")[0] + " ms; then " + lists.size() + " lists read together");
  }

  private io.vertx.core.http.WebSocket socket(WebSocketClient ws, String token) {
    return ws.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws?access_token=" + token)).await();
  }

  private void row(String name, List<Long> nanos, String answer) {
    String line = String.format("| %s | %d | %s | %s |%n", name, nanos.size(), BenchArgs.percentiles(nanos), answer);
    System.out.print(line);
    rows.append(line);
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    if (sorted.length > 0 && BenchArgs.at(sorted, 0.99) > 200_000_000L) slow.add(name);
  }

  private String login(String username) {
    return http.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("username", username).put("password", "demo1234"))
        .await().bodyAsJsonObject().getString("token");
  }

  private String resident(String phone) {
    String code = http.post("/api/v1/auth/resident/code").sendJsonObject(new JsonObject().put("phone", phone)).await()
        .bodyAsJsonObject().getString("devCode");
    return http.post("/api/v1/auth/resident/login").sendJsonObject(new JsonObject().put("phone", phone).put("code", code)).await()
        .bodyAsJsonObject().getString("token");
  }

  private Row one(String sql) { return one(sql, Tuple.tuple()); }

  private Row one(String sql, Tuple params) {
    var rs = db.preparedQuery(sql).execute(params).await();
    return rs.size() == 0 ? null : rs.iterator().next();
  }

  private List<String> column(String sql) {
    List<String> out = new ArrayList<>();
    db.query(sql).execute().await().forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private String pick(String... values) { return values[random.nextInt(values.length)]; }

  private String pick(List<String> values) { return values.get(random.nextInt(values.size())); }

  private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
