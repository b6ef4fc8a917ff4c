package org.griddispatch.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.store.Database;
import org.griddispatch.ticket.Scope;
import org.griddispatch.ticket.TicketQueries;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Search at a million tickets, against a running node and its database: fills the tickets table up to
 * N synthetic tickets (Chinese descriptions and addresses from a small vocabulary, phones, a year of
 * filing times), then times {@code GET /tickets?q=} over HTTP as the centre (and as one grid's worker,
 * whose scope narrows it) for each kind of search, and the same searches as a plain {@code LIKE '%q%'}
 * scan over number, phone, description and address, in SQL, in the same run. Run it with
 * {@code bench/search}.
 */
public final class SearchBench {
  private static final String[] THINGS = {"路灯", "井盖", "垃圾桶", "下水道", "电梯", "楼道灯", "围墙", "行道树", "共享单车", "广告牌",
      "消防通道", "水管", "燃气表", "健身器材", "监控探头"};
  private static final String[] PROBLEMS = {"不亮了", "丢失", "满了没人清", "堵塞返臭", "故障停运", "有倒塌危险", "被占用", "噪音扰民",
      "漏水严重", "损坏多日"};
  private static final String[] PLACES = {"小区东门", "菜市场旁", "学校门口", "公交站台", "地下车库", "老年活动中心", "社区医院对面",
      "幼儿园后面", "十字路口", "河边步道"};
  private static final String[] STREETS = {"三光街", "东溪门路", "文林巷", "白塔路", "玉河桥街", "建国门大街", "新华路", "人民路",
      "幸福路", "和平街", "解放路", "中山路"};

  public static void main(String[] argv) throws Exception {
    BenchArgs args = new BenchArgs(argv);
    new SearchBench(args.integer("port", 8080), args.get("pg", null)).run(args.integer("tickets", 1_000_000),
        args.integer("queries", 200), args.integer("baselineQueries", 30), args);
  }

  private final Vertx vertx = Vertx.vertx();
  private final WebClient http;
  private final Pool db;
  private final Random random = new Random(42);

  SearchBench(int port, String pgUri) {
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true));
    db = Database.pool(vertx, pgUri, 2, "bench-search");
  }

  void run(int tickets, int queries, int baselineQueries, BenchArgs args) throws Exception {
    long t0 = System.nanoTime();
    long have = fill(tickets);
    double fillSeconds = (System.nanoTime() - t0) / 1e9;
    String trgm = trigramCheck();
    String centre = login("dispatcher");
    String worker = login("worker-jgm-01");

    Map<String, List<String>> kinds = new LinkedHashMap<>();
    kinds.put("number (exact)", column("number", queries));
    kinds.put("phone, whole", column("contact_phone", queries));
    List<String> four = new ArrayList<>();
    for (int i = 0; i < queries; i++) four.add(String.format("%04d", random.nextInt(10_000)));
    kinds.put("phone, last four digits", four);
    List<String> common = new ArrayList<>();
    List<String> two = new ArrayList<>();
    List<String> rare = new ArrayList<>();
    List<String> none = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      common.add(pick(THINGS));
      two.add(pick(THINGS) + " " + pick(PLACES));
      rare.add(pick(STREETS) + (1 + random.nextInt(300)) + "号" + " " + pick(PROBLEMS));
      none.add("无此" + pick(THINGS) + "记录");
    }
    kinds.put("a common word (1 in 15 tickets)", common);
    kinds.put("two words (1 in 150)", two);
    kinds.put("address and words (about 1 in 36,000)", rare);
    kinds.put("words found nowhere", none);

    StringBuilder report = new StringBuilder("# Search at " + have + " tickets\n\n");
    report.append(String.format("Filled in %.0f s. %s%n%n", fillSeconds, trgm));
    report.append("| search | `GET /tickets?q=` as the centre (HTTP, 50 whole tickets), p50 / p99 / max (ms) | the same as a grid worker"
        + " | its SQL alone (ids of 51) | plain `LIKE '%q%'` scan in SQL (ids of 51) |\n");
    report.append("|---|---|---|---|---|\n");
    for (var kind : kinds.entrySet()) {
      List<Long> ours = new ArrayList<>();
      List<Long> scoped = new ArrayList<>();
      List<Long> like = new ArrayList<>();
      List<Long> sql = new ArrayList<>();
      for (String q : kind.getValue()) ours.add(timeHttp(q, centre));
      for (String q : kind.getValue()) scoped.add(timeHttp(q, worker));
      for (String q : kind.getValue()) sql.add(timeSearchSql(q));
      for (String q : kind.getValue().subList(0, Math.min(baselineQueries, kind.getValue().size()))) like.add(timeLike(q));
      String row = String.format("| %s | %s | %s | %s | %s |%n", kind.getKey(), BenchArgs.percentiles(ours), BenchArgs.percentiles(scoped),
          BenchArgs.percentiles(sql), BenchArgs.percentiles(like));
      System.out.print(row);
      report.append(row);
    }
    report.append(String.format("%n%d searches of each kind over HTTP (one at a time), %d of the LIKE scan.%n", queries, baselineQueries));
    report.append(workerScope(queries));
    System.out.println(report);
    args.write(report.toString());
    vertx.close();
  }

  private String pick(String[] words) { return words[random.nextInt(words.length)]; }

  /** Adds synthetic tickets until there are {@code target}, 100,000 per statement; answers the count. */
  private long fill(int target) {
    long have = count();
    String creator = db.preparedQuery("SELECT id FROM users WHERE username = 'dispatcher'").execute().await().iterator().next().getString(0);
    // 24 grids; each ticket assigned to its grid's first worker by name, as dispatch leaves them
    List<String> gridList = new ArrayList<>();
    List<String> workerList = new ArrayList<>();
    db.query("SELECT g.id, (SELECT u.id FROM user_grids ug JOIN users u ON u.id = ug.user_id WHERE ug.grid_id = g.id ORDER BY u.username LIMIT 1) FROM grids g ORDER BY g.id LIMIT 24")
        .execute().await().forEach(r -> { gridList.add(r.getString(0)); workerList.add(r.getString(1)); });
    String[] grids = gridList.toArray(String[]::new);
    String[] workers = workerList.toArray(String[]::new);
    // the measured worker also holds one ticket in a thousand of other grids (a backup's, a grid they left)
    String measured = db.query("SELECT id FROM users WHERE username = 'worker-jgm-01'").execute().await().iterator().next().getString(0);
    while (have < target) {
      int n = (int) Math.min(100_000, target - have);
      long from = have;
      db.preparedQuery("""
          INSERT INTO tickets (id, number, kind, status, channel, category, priority, description, address, lat, lon,
                               contact_name, contact_phone, created_by, grid_id, assignee_id, version, seq, created_at, updated_at, resolved_at, closed_at)
          SELECT gen_random_uuid(), 'CX-' || to_char(at, 'YYYYMMDD') || '-' || lpad(g::text, 7, '0'), 'issue',
                 CASE WHEN g % 10 = 0 THEN 'assigned' ELSE 'closed' END, CASE WHEN g % 3 = 0 THEN 'window' ELSE 'hotline12345' END,
                 'other', 'normal',
                 $4[1 + (h % 15)] || $5[1 + (h / 15 % 10)] || '，在' || $6[1 + (h / 150 % 10)] || '，' || (1 + h % 9) || '栋附近',
                 $7[1 + (h / 1500 % 12)] || (1 + h / 18000 % 300) || '号', 31.46, 104.74,
                 '来电人', '13' || lpad((h % 1000000000)::text, 9, '0'), $3,
                 $8[1 + g % 24], CASE WHEN g % 1000 = 7 THEN $10 ELSE $9[1 + g % 24] END, 1, 0, at, at,
                 CASE WHEN g % 10 = 0 THEN NULL ELSE at + interval '1 day' END, CASE WHEN g % 10 = 0 THEN NULL ELSE at + interval '2 days' END
          FROM (SELECT g, (hashint8(g)::bigint & 2147483647) AS h, now() - (g % 525600) * interval '1 minute' AS at
                FROM generate_series($1::bigint, $2::bigint) AS g) AS x""")
          .execute(Tuple.of(from + 1, from + n, creator, THINGS, PROBLEMS, PLACES).addValue(STREETS).addValue(grids)
              .addValue(workers).addValue(measured)).await();
      have = count();
      System.out.printf("tickets: %d%n", have);
    }
    db.query("ANALYZE tickets").execute().await();
    return have;
  }

  private long count() {
    return db.query("SELECT count(*) FROM tickets").execute().await().iterator().next().getLong(0);
  }

  /** Whether pg_trgm is there and what it makes of Chinese text in this database's locale. */
  private String trigramCheck() {
    try {
      db.query("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute().await();
      Row r = db.query("SELECT show_trgm('路灯不亮')::text AS t, (SELECT datctype FROM pg_database WHERE datname = current_database()) AS ctype").execute().await().iterator().next();
      return "pg_trgm is available; with lc_ctype `" + r.getString("ctype") + "` it cuts '路灯不亮' into " + r.getString("t")
          + " (no trigram of the Chinese text).";
    } catch (Exception e) {
      return "pg_trgm could not be used: " + e.getMessage();
    }
  }

  private List<String> column(String column, int n) {
    List<String> out = new ArrayList<>();
    db.query("SELECT " + column + " FROM tickets TABLESAMPLE SYSTEM (1) WHERE " + column + " IS NOT NULL LIMIT " + n).execute().await()
        .forEach(r -> out.add(r.getString(0)));
    return out;
  }

  private String login(String username) {
    return http.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("username", username).put("password", "demo1234"))
        .await().bodyAsJsonObject().getString("token");
  }

  private long timeHttp(String q, String token) {
    long t = System.nanoTime();
    var res = http.get("/api/v1/tickets?limit=50&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8))
        .putHeader("Authorization", "Bearer " + token).send().await();
    if (res.statusCode() != 200) throw new IllegalStateException(q + ": " + res.statusCode() + " " + res.bodyAsString());
    return System.nanoTime() - t;
  }

  /** The server's own search condition ({@code ticket.Search}), alone in SQL, as the LIKE scan is timed. */
  private long timeSearchSql(String q) {
    List<Object> params = new ArrayList<>();
    String where = org.griddispatch.ticket.Search.condition(q, params);
    List<Object> exactParams = new ArrayList<>();
    String exact = org.griddispatch.ticket.Search.condition(q, exactParams, false);
    long t = System.nanoTime();
    // as TicketQueries.list does it: words look through the newest 10,000 first, then through the index
    boolean words = org.griddispatch.ticket.Search.kind(q) == org.griddispatch.ticket.Search.Kind.WORDS;
    int found = !words ? 0 : db.preparedQuery("SELECT id FROM (SELECT * FROM tickets ORDER BY created_at DESC, id DESC LIMIT 10000) AS tickets"
        + " WHERE " + exact + " ORDER BY created_at DESC, id DESC LIMIT 51").execute(Tuple.from(exactParams)).await().size();
    if (found < 51) {
      db.preparedQuery("SELECT id FROM tickets WHERE " + where + " ORDER BY created_at DESC, id DESC LIMIT 51").execute(Tuple.from(params))
          .await();
    }
    return System.nanoTime() - t;
  }

  /**
   * A grid worker's scope in SQL, as one condition with OR (how listings read it before migration V82)
   * against the parts read in created order and merged (TicketQueries.newestSql), in the same run.
   */
  private String workerScope(int queries) {
    Row w = db.query("SELECT u.id, array_agg(g.grid_id) FROM users u JOIN user_grids g ON g.user_id = u.id"
        + " WHERE u.username = 'worker-jgm-01' GROUP BY u.id").execute().await().iterator().next();
    Actor worker = new Actor(w.getString(0), Role.GRID_WORKER, "worker", List.of(w.getArrayOfStrings(1)), null);
    StringBuilder out = new StringBuilder("\n## A grid worker's scope, in SQL\n\n| read | one condition with OR, p50 / p99 / max (ms) |"
        + " the parts merged | ratio of the p50s |\n|---|---|---|---|\n");
    Map<String, TicketQueries.Filter> filters = new LinkedHashMap<>();
    filters.put("first page (51)", new TicketQueries.Filter(List.of(), null, null, false, 50, null));
    filters.put("first page of open tickets (51)", new TicketQueries.Filter(List.of("assigned", "accepted", "reopened"), null, null, false, 50, null));
    for (var f : filters.entrySet()) out.append(scopeRow(f.getKey(), worker, f.getValue(), 51, queries));
    out.append(scopeRow("newest 10,000 (what a word search reads first)", worker, filters.get("first page (51)"), 10_000, queries));
    System.out.print(out);
    return out.toString();
  }

  private String scopeRow(String name, Actor worker, TicketQueries.Filter filter, int n, int queries) {
    List<Object> orParams = new ArrayList<>();
    String or = "SELECT * FROM tickets WHERE " + Scope.sqlCondition(worker, orParams)
        + (filter.statuses().isEmpty() ? "" : " AND status = ANY(" + Scope.param(orParams, filter.statuses().toArray(String[]::new)) + ")")
        + " ORDER BY created_at DESC, id DESC LIMIT " + n;
    List<Object> partParams = new ArrayList<>();
    String parts = TicketQueries.newestSql(worker, filter, partParams, n);
    List<Long> before = new ArrayList<>();
    List<Long> after = new ArrayList<>();
    for (int i = 0; i < queries; i++) {
      before.add(timeSql(or, orParams));
      after.add(timeSql(parts, partParams));
    }
    return String.format("| %s | %s | %s | %.1f |%n", name, BenchArgs.percentiles(before), BenchArgs.percentiles(after),
        median(before) / Math.max(1.0, median(after)));
  }

  private static double median(List<Long> values) { return values.stream().sorted().toList().get(values.size() / 2); }

  private long timeSql(String sql, List<Object> params) {
    long t = System.nanoTime();
    db.preparedQuery(sql).execute(Tuple.from(params)).await();
    return System.nanoTime() - t;
  }

  /** The plain way: every word somewhere in number, phone, description or address, by LIKE, newest first. */
  private long timeLike(String q) {
    String[] words = q.strip().split("\\s+");
    List<String> conditions = new ArrayList<>();
    Tuple params = Tuple.tuple();
    for (String w : words) {
      params.addValue("%" + w + "%");
      String p = "$" + params.size();
      conditions.add("(number LIKE " + p + " OR contact_phone LIKE " + p + " OR description LIKE " + p + " OR address LIKE " + p + ")");
    }
    long t = System.nanoTime();
    db.preparedQuery("SELECT id FROM tickets WHERE " + String.join(" AND ", conditions) + " ORDER BY created_at DESC, id DESC LIMIT 51")
        .execute(params).await();
    return System.nanoTime() - t;
  }
}
