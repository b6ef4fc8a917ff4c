package org.griddispatch.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import org.griddispatch.store.Database;

import java.util.ArrayList;
import java.util.List;

/**
 * Deadlines at scale, against a running node and its database: intake throughput ({@link IntakeLoad}, 32 concurrent
 * creators) with no pending deadlines; the same after loading N pending deadlines (due in 1 to 30
 * days, so none fires); then the response clocks of 2,000 tickets it filed made due over 20 seconds while
 * the N wait, and how late each warning fired (event time minus due time). Run it with {@code bench/deadlines}.
 */
public final class DeadlineBench {
  public static void main(String[] argv) throws Exception {
    BenchArgs args = new BenchArgs(argv);
    new DeadlineBench(args.integer("port", 8080), args.get("pg", null)).run(args.integer("pending", 1_000_000),
        args.integer("seconds", 15), args);
  }

  private final Vertx vertx = Vertx.vertx();
  private final WebClient http;
  private final Pool db;
  private final IntakeLoad load;

  DeadlineBench(int port, String pgUri) {
    http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port).setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
    db = Database.pool(vertx, pgUri, 4, "bench");
    load = new IntakeLoad(vertx, http);
  }

  private IntakeLoad.Result intake(int seconds, int concurrency) { return load.run(seconds, concurrency); }

  void run(int pending, int seconds, BenchArgs args) throws Exception {
    intake(5, 32); // warm-up
    IntakeLoad.Result before = intake(seconds, 32);
    long heapBefore = heap();
    System.out.printf("intake without pending deadlines: %.0f tickets/s%n", before.perSecond());

    long t0 = System.nanoTime();
    db.query("""
        WITH pick AS (SELECT array_agg(id) AS ids FROM (SELECT id FROM tickets ORDER BY created_at LIMIT 50) AS x)
        INSERT INTO deadlines (ticket_id, clock, dept_id, started_at, deadline_at, working, next_step, due_at)
        SELECT pick.ids[1 + g %% array_length(pick.ids, 1)], 'report_in', 'pending-' || g, now(), now() + interval '40 days',
               false, 'warn', now() + interval '1 day' + (g %% 2592000) * interval '1 second'
        FROM generate_series(1, %d) AS g, pick""".formatted(pending)).execute().await();
    db.query("ANALYZE deadlines").execute().await();
    double loadSeconds = (System.nanoTime() - t0) / 1e9;
    long activeRows = db.query("SELECT count(*) FROM deadlines WHERE state = 'active'").execute().await().iterator().next().getLong(0);
    System.out.printf("loaded %d pending deadlines in %.1f s (%d active rows)%n", pending, loadSeconds, activeRows);

    IntakeLoad.Result after = intake(seconds, 32);
    long heapAfter = heap();
    System.out.printf("intake with %d pending deadlines: %.0f tickets/s%n", pending, after.perSecond());

    // 2,000 real tickets' response clocks fall due over 20 s; each fires its warning step. (Steps are changes
    // like any other: a step re-derives the ticket's clocks, so made-up deadline rows would be retired, not fired.)
    int due = 2000;
    db.query("DROP TABLE IF EXISTS bench_due").execute().await();
    db.query("""
        CREATE TABLE bench_due AS
        WITH pick AS (SELECT d.id, d.ticket_id, row_number() OVER (ORDER BY t.created_at DESC) AS n
                      FROM deadlines d JOIN tickets t ON t.id = d.ticket_id -- the newest: not the 50 holding the pending rows
                      WHERE d.state = 'active' AND d.clock = 'respond' AND d.next_step = 'warn'
                      ORDER BY t.created_at DESC LIMIT %d)
        SELECT pick.id AS deadline_id, pick.ticket_id, now() + interval '2 seconds' + pick.n * interval '10 milliseconds' AS planned
        FROM pick""".formatted(due)).execute().await();
    long picked = db.query("SELECT count(*) FROM bench_due").execute().await().iterator().next().getLong(0);
    db.query("UPDATE deadlines d SET due_at = b.planned FROM bench_due b WHERE d.id = b.deadline_id").execute().await();
    long until = System.currentTimeMillis() + 60_000;
    long fired = 0;
    String firedSql = """
        SELECT count(*) FROM ticket_events e JOIN bench_due b ON b.ticket_id = e.ticket_id
        WHERE e.type = 'sla_warning' AND e.data->>'clock' = 'respond'""";
    while (fired < picked && System.currentTimeMillis() < until) {
      vertx.timer(1000).await();
      fired = db.query(firedSql).execute().await().iterator().next().getLong(0);
    }
    List<Long> lateness = new ArrayList<>();
    db.query("""
        SELECT extract(epoch FROM (e.at - b.planned)) * 1000 AS late_ms
        FROM ticket_events e JOIN bench_due b ON b.ticket_id = e.ticket_id
        WHERE e.type = 'sla_warning' AND e.data->>'clock' = 'respond'""").execute().await()
        .forEach(r -> lateness.add(Math.round(r.getDouble(0))));
    db.query("DROP TABLE bench_due").execute().await();
    String report = String.format("""
            | measure | value |
            |---|---|
            | intake, no pending deadlines (tickets/s; p50 / p99 / max ms) | %.0f; %s |
            | pending deadlines loaded (rows; seconds) | %d; %.1f |
            | intake with them pending (tickets/s; p50 / p99 / max ms) | %.0f; %s |
            | ratio with / without | %.2f |
            | server heap used before / after loading (MiB) | %d / %d |
            | deadlines falling due / fired | %d / %d |
            | firing lateness p50 / p99 / max (ms) | %s |
            """, before.perSecond(), before.latency(), pending, loadSeconds, after.perSecond(), after.latency(),
        after.perSecond() / before.perSecond(), heapBefore >> 20, heapAfter >> 20, picked, lateness.size(),
        BenchArgs.percentilesMillis(lateness));
    System.out.println(report);
    args.write(report);
    vertx.close().await();
  }

  private long heap() { return BenchArgs.heap(http); }

}
