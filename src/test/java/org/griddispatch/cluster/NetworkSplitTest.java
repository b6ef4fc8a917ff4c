package org.griddispatch.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Three nodes, three real Hazelcast members, split into {A} and {B, C} by cutting every Hazelcast
 * connection between the groups ({@link MemberLinks}), then joined again. During the split both sides
 * file tickets (every one acknowledged), deadlines falling due fire once each (claimed in PostgreSQL),
 * and the sockets on each side receive their side's tickets (the side without the feeder reads the
 * stream itself). After the heal Hazelcast has merged the sides into one cluster whose event bus
 * reaches every node, and nothing is lost or doubled: every acknowledged ticket stored once, every
 * terminal holding every event once and in order. The figures go to target/network-split.md.
 */
@ExtendWith(VertxExtension.class)
class NetworkSplitTest {
  private static final String HOTLINE_KEY = "demo-hotline-key";

  /** The Vert.x nodes this node's cluster manager counts as members now. */
  private static int members(Server node) {
    return ((VertxInternal) node.vertx()).clusterManager().getNodes().size();
  }

  /** Waits (on the condition, checked every 100 ms) for at most {@code seconds}; answers the time it took. */
  private static long await(Vertx vertx, int seconds, String what, BooleanSupplier condition) {
    long start = System.currentTimeMillis();
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() - start > seconds * 1000L) throw new AssertionError(what + ": not within " + seconds + " s");
      vertx.timer(100).await();
    }
    return System.currentTimeMillis() - start;
  }

  @Test
  void aSplitClusterGoesOnOnBothSidesAndHealsWithNothingLostOrTwice(Vertx vertx) throws Exception {
    Path dir = TestData.directory("dispatch-split-");
    EmbeddedDatabase db = EmbeddedDatabase.start(dir.resolve("db"), 0);
    MemberLinks links = new MemberLinks(vertx, List.of("127.0.0.31", "127.0.0.32", "127.0.0.33"));
    List<Server> nodes = new ArrayList<>();
    List<FailoverTest.Follower> followers = new ArrayList<>();
    try (Db check = new Db(vertx, db.uri())) {
      String cluster = "split-" + UUID.randomUUID();
      // a 2-core machine: a member silent for 5 s is gone, and the sides look for each other every 2 s
      JsonObject hazelcast = new JsonObject()
          .put("hazelcast.heartbeat.interval.seconds", 1)
          .put("hazelcast.max.no.heartbeat.seconds", 5)
          .put("hazelcast.merge.first.run.delay.seconds", 2)
          .put("hazelcast.merge.next.run.delay.seconds", 2)
          .put("hazelcast.socket.client.bind.any", false);
      for (int i = 0; i < 3; i++) {
        JsonObject conf = new JsonObject().put("cluster", true).put("pgUri", db.uri())
            .put("dataDir", dir.resolve("node" + i).toString())
            .put("clusterName", cluster).put("clusterInterface", "127.0.0.1")
            .put("clusterPort", links.port(i)).put("clusterPublicAddress", links.publicAddress(i))
            .put("clusterMembers", links.members()).put("clusterProperties", hazelcast)
            .put("push", new JsonObject().put("maxPendingFrames", 1000).put("heartbeatMillis", 2000)
                .put("seenTimeoutSeconds", 30 * 24 * 3600));
        nodes.add(TestNode.start(dir.resolve("node" + i), conf));
      }
      await(vertx, 60, "three members", () -> nodes.stream().allMatch(n -> members(n) == 3));
      assertThat(links.unknownCallers.get()).as("every Hazelcast connection comes from a known member").isZero();

      List<Api> apis = nodes.stream().map(n -> new Api(vertx, n.port())).toList();
      String token = apis.get(0).login("dispatcher");
      for (int i = 0; i < 3; i++) {
        int port = nodes.get(i).port();
        followers.add(new FailoverTest.Follower(vertx, token, List.of(port), port));
      }
      Future.all(followers.stream().map(FailoverTest.Follower::connect).toList()).await();
      await(vertx, 30, "terminals subscribed", () -> followers.stream().allMatch(f -> f.last != null));
      Cursor start = followers.stream().map(f -> f.last).min(Cursor::compareTo).orElseThrow();

      JsonObject p = Points.of("jgm-02");
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      java.util.function.BiFunction<Integer, String, String> file = (node, text) -> {
        Api.Response r = apis.get(node).call(HttpMethod.POST, "/api/v1/tickets", null,
            Api.report("garbage", p.getDouble("lat"), p.getDouble("lon"), text), Map.of("X-Api-Key", HOTLINE_KEY));
        assertThat(r.status()).as("filing through node %d: %s", node, r).isEqualTo(201);
        acknowledged.add(r.json().getString("id"));
        return r.json().getString("id");
      };
      file.apply(0, "split whole 0");

      // the split: A alone, B and C together
      long splitAt = System.currentTimeMillis();
      links.split(Set.of(0));
      long detected = await(vertx, 60, "the split seen by every member",
          () -> members(nodes.get(0)) == 1 && members(nodes.get(1)) == 2 && members(nodes.get(2)) == 2);

      // both sides file, and every ticket is acknowledged
      List<List<String>> filedDuringSplit = new ArrayList<>();
      for (int i = 0; i < 3; i++) filedDuringSplit.add(new ArrayList<>());
      for (int round = 0; round < 6; round++) {
        for (int i = 0; i < 3; i++) filedDuringSplit.get(i).add(file.apply(i, "split node " + i + " #" + round));
      }
      // deadlines falling due during the split, one on each ticket (a step fired syncs its ticket's other clocks)
      int deadlinesDue = (int) check.count("""
          WITH d AS (INSERT INTO deadlines (ticket_id, clock, dept_id, started_at, deadline_at, working, next_step, due_at)
            SELECT id, 'report_in', 'split-' || row_number() OVER (), now(), now() + interval '40 days', false, 'warn',
                   now() + (row_number() OVER ()) * interval '20 milliseconds'
            FROM tickets RETURNING 1)
          SELECT count(*) FROM d""");

      // the sockets on each side receive the tickets filed on that side
      for (int i = 0; i < 3; i++) {
        FailoverTest.Follower f = followers.get(i);
        for (String id : filedDuringSplit.get(i)) {
          await(vertx, 30, "node " + i + "'s terminal hears of " + id + " during the split", () -> f.seen.contains(id + "#1"));
        }
      }
      assertThat(members(nodes.get(0))).as("still split").isEqualTo(1);
      long fired = check.awaitCount(vertx, deadlinesDue, 60,
          "SELECT count(*) FROM ticket_events WHERE type = 'sla_warning' AND data->>'deptId' LIKE 'split-%'");
      assertThat(fired).as("deadlines fired during the split").isEqualTo(deadlinesDue);
      assertThat(members(nodes.get(0))).as("still split once the deadlines fired").isEqualTo(1);
      long splitMillis = System.currentTimeMillis() - splitAt;

      // the heal: Hazelcast merges A back in
      links.heal();
      long merged = await(vertx, 120, "one cluster of three again", () -> nodes.stream().allMatch(n -> members(n) == 3));

      // the event bus is one again: a message published on A reaches a consumer on B and one on C
      String address = "test.split." + UUID.randomUUID();
      Set<Integer> reached = ConcurrentHashMap.newKeySet();
      List<MessageConsumer<Object>> consumers = new ArrayList<>();
      for (int i = 1; i < 3; i++) {
        int n = i;
        MessageConsumer<Object> c = nodes.get(i).vertx().eventBus().consumer(address, m -> reached.add(n));
        c.completion().await();
        consumers.add(c);
      }
      await(vertx, 60, "a publish on A reaching B and C", () -> {
        nodes.get(0).vertx().eventBus().publish(address, "hello");
        return reached.size() == 2;
      });
      for (MessageConsumer<Object> c : consumers) c.unregister().await();

      for (int i = 0; i < 3; i++) file.apply(i, "split healed " + i);

      // nothing lost, nothing twice
      long events = check.count("SELECT count(*) FROM ticket_events WHERE (tx, id) > ($1::text::xid8, $2)",
          Long.toUnsignedString(start.tx()), start.id());
      await(vertx, 60, "every terminal holding every event", () -> followers.stream().allMatch(f -> f.seen.size() >= events));
      assertThat(check.count("SELECT count(*) FROM tickets WHERE id = ANY($1::uuid[])",
          (Object) acknowledged.stream().map(UUID::fromString).toArray(UUID[]::new))).isEqualTo(acknowledged.size());
      // and stored once: as many tickets of this test as acknowledgements
      assertThat(check.count("SELECT count(*) FROM tickets WHERE description LIKE 'split %'")).isEqualTo(acknowledged.size());
      for (FailoverTest.Follower f : followers) {
        assertThat(f.outOfOrder).isFalse();
        assertThat(new HashSet<>(f.seen)).hasSize(f.seen.size());
        assertThat(f.seen).hasSize((int) events);
        assertThat(f.reconnects.get()).as("the split closed no terminal's socket").isZero();
      }
      assertThat(check.count("SELECT count(*) FROM ticket_events WHERE type = 'sla_warning' AND data->>'deptId' LIKE 'split-%'"))
          .isEqualTo(deadlinesDue);
      assertThat(check.count("SELECT count(*) FROM (SELECT data->>'deptId' FROM ticket_events WHERE type = 'sla_warning'"
          + " AND data->>'deptId' LIKE 'split-%' GROUP BY 1 HAVING count(*) > 1) d")).isZero();
      assertThat(links.unknownCallers.get()).isZero();

      String figures = String.format("""
          | measure | value |
          |---|---|
          | members / groups after the cut | 3 / {A}, {B, C} |
          | Hazelcast links cut / connections refused during the split | %d / %d |
          | split seen by every member after the cut (ms) | %d |
          | split lasted (ms) | %d |
          | tickets filed during the split, per node / acknowledged | 6, 6, 6 / 18 |
          | deadlines falling due during the split / fired / fired twice | %d / %d / 0 |
          | one cluster of three again after the heal (ms) | %d |
          | tickets acknowledged in all / found once in the database | %d / %d |
          | events per terminal expected / received (A, B, C) | %d / %s |
          | duplicates or out-of-order events at any terminal | 0 |
          """, links.cut.get(), links.refused.get(), detected, splitMillis, deadlinesDue, fired, merged, acknowledged.size(),
          acknowledged.size(), events, followers.stream().map(f -> String.valueOf(f.seen.size())).toList());
      System.out.println(figures);
      Files.createDirectories(Path.of("target"));
      Files.writeString(Path.of("target", "network-split.md"), figures);
    } finally {
      for (FailoverTest.Follower f : followers) f.client.close();
      for (int i = nodes.size() - 1; i >= 0; i--) nodes.get(i).stop();
      links.close();
      db.close();
    }
  }
}
