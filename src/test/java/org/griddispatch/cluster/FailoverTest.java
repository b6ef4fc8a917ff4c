package org.griddispatch.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.push.Cursor;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Three node processes on 127.0.0.1 sharing one database, under a steady stream of tickets with
 * terminals connected to every node: one node is killed with SIGKILL, later another is stopped
 * gracefully, then the killed one comes back. Every acknowledged ticket is stored once, every
 * terminal (reconnecting to a survivor and resuming from its cursor) has every event once and in
 * order, and deadlines falling due meanwhile fire once. The figures go to target/reliability.md.
 */
@ExtendWith(VertxExtension.class)
class FailoverTest {
  /** A terminal that follows {@code center}, moving to another node when its own goes away. */
  static final class Follower {
    final Vertx vertx;
    final WebSocketClient client;
    final String token;
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger reconnects = new AtomicInteger();
    volatile Cursor last;
    volatile int port;
    volatile long disconnectedAt;
    volatile long recoveryMillis;
    volatile boolean outOfOrder;
    List<Integer> ports;

    Follower(Vertx vertx, String token, List<Integer> ports, int port) {
      this.vertx = vertx;
      this.client = vertx.createWebSocketClient();
      this.token = token;
      this.ports = ports;
      this.port = port;
    }

    Future<WebSocket> connect() {
      return client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws?access_token=" + token))
          .onSuccess(ws -> {
            if (disconnectedAt > 0) recoveryMillis = Math.max(recoveryMillis, System.currentTimeMillis() - disconnectedAt);
            ws.textMessageHandler(text -> {
              JsonObject f = new JsonObject(text);
              if ("subscribed".equals(f.getString("op")) && last == null) last = Cursor.parse(f.getString("cursor"));
              if (!"event".equals(f.getString("op"))) return;
              Cursor c = Cursor.parse(f.getString("cursor"));
              if (last != null && !c.after(last)) outOfOrder = true;
              last = c;
              seen.add(f.getString("ticketId") + "#" + f.getInteger("seq"));
            });
            ws.closeHandler(v -> failOver());
            JsonObject sub = new JsonObject().put("op", "subscribe").put("topic", "center");
            if (last != null) sub.put("after", last.toString());
            ws.writeTextMessage(sub.encode());
          });
    }

    /** To the next node in line, again and again until one answers. */
    void failOver() {
      if (disconnectedAt == 0 || recoveryMillis > 0) disconnectedAt = System.currentTimeMillis();
      recoveryMillis = 0;
      reconnects.incrementAndGet();
      port = ports.get((ports.indexOf(port) + 1) % ports.size());
      vertx.setTimer(200, t -> connect().onFailure(e -> failOver()));
    }
  }

  @Test
  void nodesDieAndComeBackAndNothingIsLostOrDoubled(Vertx vertx) throws Exception {
    Path dir = TestData.directory("dispatch-failover-");
    EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("db"), 0);
    List<NodeProcess> nodes = new ArrayList<>();
    StringBuilder figures = new StringBuilder();
    try (Db check = new Db(vertx, db.uri())) {
      int[] http = {TestNode.freePort(), TestNode.freePort(), TestNode.freePort()};
      int[] hz = {TestNode.freePort(), TestNode.freePort(), TestNode.freePort()};
      String members = "127.0.0.1:" + hz[0] + ",127.0.0.1:" + hz[1] + ",127.0.0.1:" + hz[2];
      Map<String, String> env = new HashMap<>(Map.of("DISPATCH_PG_URI", db.uri(), "DISPATCH_DEMO", "true",
          "DISPATCH_CLUSTER", "true", "DISPATCH_CLUSTER_NAME", "failover-" + UUID.randomUUID(),
          "DISPATCH_CLUSTER_MEMBERS", members, "DISPATCH_DATA_DIR", dir.resolve("shared").toString(),
          "DISPATCH_ADMIN_PASSWORD", "admin-test-pw", "DISPATCH_LOG_LEVEL", "WARN"));
      for (int i = 0; i < 3; i++) nodes.add(new NodeProcess(http[i], hz[i], env, dir.resolve("node" + i + ".log")).start());
      for (NodeProcess n : nodes) n.awaitReady(Duration.ofSeconds(120));
      // three nodes started at once against one empty database loaded the demo subdistrict once
      assertThat(check.count("SELECT count(*) FROM grids")).isEqualTo(24);
      assertThat(check.count("SELECT count(*) FROM users WHERE username = 'dispatcher'")).isEqualTo(1);

      List<Integer> ports = List.of(http[0], http[1], http[2]);
      Api a = new Api(vertx, http[0]);
      String token = a.login("dispatcher");
      List<Follower> followers = new ArrayList<>();
      for (int i = 0; i < 6; i++) followers.add(new Follower(vertx, token, ports, http[i % 3]));
      Future.all(followers.stream().map(Follower::connect).toList()).await();
      while (followers.stream().anyMatch(f -> f.last == null)) vertx.timer(100).await();
      Cursor start = followers.stream().map(f -> f.last).min(Cursor::compareTo).orElseThrow();

      List<Api> clients = List.of(a, new Api(vertx, http[1]), new Api(vertx, http[2]));
      JsonObject p = Points.of("jgm-02");
      Set<String> acknowledged = Collections.synchronizedSet(new HashSet<>());
      AtomicInteger sent = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      String hotlineKey = "demo-hotline-key";
      long begin = System.currentTimeMillis();
      long killAt = begin + 4000;
      long stopAt = begin + 9000;
      int deadlinesDue = 0;
      boolean killed = false;
      boolean stopped = false;
      int n = 0;
      while (System.currentTimeMillis() - begin < 14_000) {
        if (!killed && System.currentTimeMillis() >= killAt) {
          // deadlines due over the next 8 s, for the survivors to fire
          deadlinesDue = (int) check.count("""
              WITH d AS (INSERT INTO deadlines (ticket_id, clock, dept_id, started_at, deadline_at, working, next_step, due_at)
                SELECT id, 'report_in', 'failover-' || row_number() OVER (), now(), now() + interval '40 days', false, 'warn',
                       now() + (row_number() OVER ()) * interval '40 milliseconds'
                FROM tickets LIMIT 200 RETURNING 1)
              SELECT count(*) FROM d""");
          nodes.get(2).kill();
          killed = true;
        }
        if (!stopped && System.currentTimeMillis() >= stopAt) {
          nodes.get(1).stop();
          stopped = true;
        }
        Api target = clients.get(n++ % 3);
        sent.incrementAndGet();
        try {
          Api.Response r = target.call(HttpMethod.POST, "/api/v1/tickets", null,
              Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "failover " + n), Map.of("X-Api-Key", hotlineKey));
          if (r.status() == 201) acknowledged.add(r.json().getString("id"));
          else failed.incrementAndGet();
        } catch (Exception e) {
          failed.incrementAndGet(); // that node is gone: a real client retries elsewhere
        }
        vertx.timer(40).await();
      }

      // the killed node comes back and rejoins
      long restart = System.currentTimeMillis();
      NodeProcess back = new NodeProcess(http[2], hz[2], env, dir.resolve("node2-again.log")).start();
      nodes.set(2, back);
      back.awaitReady(Duration.ofSeconds(120));
      long rejoinMillis = System.currentTimeMillis() - restart;
      JsonObject extra = new Api(vertx, http[2]).call(HttpMethod.POST, "/api/v1/tickets", null,
          Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), "after the return"), Map.of("X-Api-Key", hotlineKey)).json();
      acknowledged.add(extra.getString("id"));

      // let everything settle: every event delivered, every deadline fired
      String expectedEvents = "SELECT count(*) FROM ticket_events WHERE (tx, id) > ($1::text::xid8, $2)";
      long fired = check.awaitCount(vertx, deadlinesDue, 60,
          "SELECT count(*) FROM ticket_events WHERE type = 'sla_warning' AND data->>'deptId' LIKE 'failover-%'");
      long events = check.count(expectedEvents, Long.toUnsignedString(start.tx()), start.id());
      long deadline = System.currentTimeMillis() + 60_000;
      while (followers.stream().anyMatch(f -> f.seen.size() < events) && System.currentTimeMillis() < deadline) vertx.timer(200).await();

      // every acknowledged ticket is there, once
      assertThat(check.count("SELECT count(*) FROM tickets WHERE id = ANY($1::uuid[])",
          (Object) acknowledged.stream().map(UUID::fromString).toArray(UUID[]::new))).isEqualTo(acknowledged.size());
      assertThat(check.count("SELECT count(*) FROM (SELECT description FROM tickets WHERE description LIKE 'failover %'"
          + " GROUP BY description HAVING count(*) > 1) d")).isZero();
      // every terminal has every event once and in order
      for (Follower f : followers) {
        assertThat(f.outOfOrder).isFalse();
        assertThat(new HashSet<>(f.seen)).hasSize(f.seen.size());
        assertThat(f.seen).hasSize((int) events);
      }
      // the deadlines fired once each
      assertThat(fired).isEqualTo(deadlinesDue);
      assertThat(check.count("SELECT count(*) FROM (SELECT data->>'deptId' FROM ticket_events WHERE type = 'sla_warning'"
          + " AND data->>'deptId' LIKE 'failover-%' GROUP BY 1 HAVING count(*) > 1) d")).isZero();
      // the returned node serves live events again
      assertThat(new Api(vertx, http[2]).get("/health/ready", null).json().getJsonObject("checks").getString("cluster")).isEqualTo("UP");

      long recovery = followers.stream().mapToLong(f -> f.recoveryMillis).max().orElse(0);
      figures.append(String.format("""
          | measure | value |
          |---|---|
          | tickets sent / acknowledged (201) / found in the database | %d / %d / %d |
          | requests refused or lost with their node (client would retry) | %d |
          | terminals / reconnections | %d / %d |
          | events expected per terminal / received (each terminal) | %d / %s |
          | duplicates or out-of-order events at any terminal | 0 |
          | deadlines falling due during the losses / fired / fired twice | %d / %d / 0 |
          | longest time from a terminal's disconnect to its reconnection (ms) | %d |
          | killed node back and ready in the cluster (ms) | %d |
          """, sent.get() + 1, acknowledged.size(), check.count("SELECT count(*) FROM tickets WHERE id = ANY($1::uuid[])",
          (Object) acknowledged.stream().map(UUID::fromString).toArray(UUID[]::new)), failed.get(), followers.size(),
          followers.stream().mapToInt(f -> f.reconnects.get()).sum(), events,
          followers.stream().map(f -> String.valueOf(f.seen.size())).toList(), deadlinesDue, fired, recovery, rejoinMillis));
      System.out.println(figures);
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "reliability.md"), figures.toString());
    } finally {
      for (NodeProcess node : nodes) if (node.alive()) node.kill();
      db.close();
    }
  }
}
