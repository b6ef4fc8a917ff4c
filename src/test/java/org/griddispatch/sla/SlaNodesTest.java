package org.griddispatch.sla;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestClock;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/** Several nodes on one database fire every deadline step exactly once, even when one dies mid-claim. */
@ExtendWith(VertxExtension.class)
class SlaNodesTest {
  /** Gas leaks 6 h on: respond warned, overdue, supervised, notified; resolve warned, overdue, supervised. */
  static final int STEPS_PER_TICKET = 7;
  static final String SLA_EVENTS = "SELECT count(*) FROM ticket_events WHERE type LIKE 'sla_%'";
  static final String TWICE = """
      SELECT count(*) FROM (SELECT ticket_id, data->>'clock', type FROM ticket_events WHERE type LIKE 'sla_%'
                            GROUP BY 1, 2, 3 HAVING count(*) > 1) AS dup""";

  private static JsonObject node(EmbeddedDatabase db, String name, JsonObject sla) {
    return new JsonObject().put("pgUri", db.uri()).put("nodeId", name).put("sla", sla);
  }

  private static List<String> fileGasLeaks(Api api, int n) {
    List<String> ids = new ArrayList<>();
    String[] grids = {"jgm-01", "sgj-02", "dxm-03", "wls-04", "bts-01", "yhq-02"};
    for (int i = 0; i < n; i++) {
      JsonObject p = Points.of(grids[i % grids.length]);
      ids.add(api.file("13800000001", Api.report("gas_leak", p.getDouble("lat"), p.getDouble("lon"), "燃气味 " + i)).getString("id"));
    }
    return ids;
  }

  @Test
  void twoNodesFiringTogetherFireEachStepOnce(Vertx vertx) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(TestData.directory("dispatch-sla-db-"), 0);
    TestClock clock = new TestClock();
    Server a = null;
    Server b = null;
    try (Db check = new Db(vertx, db.uri())) {
      // small batches, so that both nodes find work in every round
      JsonObject fast = new JsonObject().put("pollMillis", 200).put("batchSize", 5);
      a = TestNode.start(TestData.directory("sla-a-"), node(db, "node-a", fast), clock);
      b = TestNode.start(TestData.directory("sla-b-"), node(db, "node-b", fast), clock);
      int tickets = 40;
      fileGasLeaks(new Api(vertx, a.port()), tickets);
      clock.advance(Duration.ofHours(6));
      long fired = check.awaitCount(vertx, (long) tickets * STEPS_PER_TICKET, 60, SLA_EVENTS);
      vertx.timer(1500).await(); // several more polling rounds of both nodes
      assertThat(check.count(SLA_EVENTS)).isEqualTo(fired).isEqualTo((long) tickets * STEPS_PER_TICKET);
      assertThat(check.count(TWICE)).isZero();
      // both nodes did their share
      assertThat(check.count("SELECT count(DISTINCT data->>'firedBy') FROM ticket_events WHERE type LIKE 'sla_%'")).isEqualTo(2);
    } finally {
      if (b != null) b.stop();
      if (a != null) a.stop();
      db.close();
    }
  }

  /**
   * Steps fire on the timer of their due moment, not on the poll: the nodes here poll once an hour,
   * so only their timers can fire the warnings that fall due a few seconds after they start; two
   * nodes whose timers go off together take each step once.
   */
  @Test
  void stepsFireOnTheTimerOfTheirDueMomentOnceAcrossNodes(Vertx vertx) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(TestData.directory("dispatch-sla-timer-db-"), 0);
    JsonObject hourly = new JsonObject().put("pollMillis", 3_600_000);
    List<Server> nodes = new ArrayList<>();
    try (Db check = new Db(vertx, db.uri())) {
      nodes.add(TestNode.start(TestData.directory("sla-t0-"), node(db, "node-0", hourly)));
      List<String> ids = fileGasLeaks(new Api(vertx, nodes.get(0).port()), 6);
      String[] tickets = ids.toArray(String[]::new);
      // their respond warnings now fall due a few seconds from now, one after another
      check.count("""
          WITH moved AS (UPDATE deadlines d SET due_at = now() + interval '4 seconds' + x.n * interval '20 milliseconds'
                         FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM deadlines
                               WHERE ticket_id::text = ANY($1) AND clock = 'respond') x
                         WHERE d.id = x.id RETURNING 1)
          SELECT count(*) FROM moved""", (Object) tickets);
      // two more nodes start: each plans its timer from what is due before its next poll
      nodes.add(TestNode.start(TestData.directory("sla-t1-"), node(db, "node-1", hourly)));
      nodes.add(TestNode.start(TestData.directory("sla-t2-"), node(db, "node-2", hourly)));
      String warned = "SELECT count(*) FROM ticket_events WHERE type = 'sla_warning' AND data->>'clock' = 'respond' AND ticket_id::text = ANY($1)";
      assertThat(check.awaitCount(vertx, tickets.length, 60, warned, (Object) tickets)).isEqualTo(tickets.length);
      vertx.timer(1000).await(); // any second firing would have shown by now
      assertThat(check.count(warned, (Object) tickets)).isEqualTo(tickets.length);
      assertThat(check.count(TWICE)).isZero();
      assertThat(check.count("SELECT count(*) FROM ticket_events WHERE type = 'sla_warning' AND data->>'firedBy' = 'node-0'"))
          .as("node 0 planned before the deadlines moved and polls hourly").isZero();
    } finally {
      nodes.forEach(Server::stop);
      db.close();
    }
  }

  @Test
  void aNodeKilledMidClaimLeavesItsStepsToAnotherOnce(Vertx vertx) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(TestData.directory("dispatch-sla-kill-db-"), 0);
    TestClock clock = new TestClock();
    Server doomed = null;
    Server survivor = null;
    try (Db check = new Db(vertx, db.uri())) {
      // this node claims a batch and then holds it, uncommitted, for a long time
      doomed = TestNode.start(TestData.directory("sla-doomed-"),
          node(db, "doomed", new JsonObject().put("pollMillis", 200).put("claimHoldMillis", 60_000)), clock);
      int tickets = 10;
      fileGasLeaks(new Api(vertx, doomed.port()), tickets);
      clock.advance(Duration.ofHours(6));
      // wait until its claim holds every due row
      long locked = check.awaitCount(vertx, 1, 20, "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
          + " WHERE c.relname = 'deadlines' AND l.mode = 'RowShareLock' AND l.granted");
      assertThat(locked).isPositive();
      survivor = TestNode.start(TestData.directory("sla-survivor-"),
          node(db, "survivor", new JsonObject().put("pollMillis", 200)), clock);
      assertThat(check.count(SLA_EVENTS)).as("nothing fired while the claim is held").isZero();

      doomed.stop(); // its verticles and connections go; the open transaction rolls back
      doomed = null;
      long fired = check.awaitCount(vertx, (long) tickets * STEPS_PER_TICKET, 60, SLA_EVENTS);
      vertx.timer(1500).await();
      assertThat(check.count(SLA_EVENTS)).isEqualTo(fired).isEqualTo((long) tickets * STEPS_PER_TICKET);
      assertThat(check.count(TWICE)).isZero();
      assertThat(check.count("SELECT count(*) FROM ticket_events WHERE data->>'firedBy' = 'doomed'")).isZero();
    } finally {
      if (survivor != null) survivor.stop();
      if (doomed != null) doomed.stop();
      db.close();
    }
  }
}
