package org.griddispatch.notify;

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

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/** Two nodes on one database alert each unseen urgent ticket exactly once, with its messages once. */
@ExtendWith(VertxExtension.class)
class UnseenAlertNodesTest {
  private static JsonObject node(EmbeddedDatabase db, String name) {
    return new JsonObject().put("pgUri", db.uri()).put("nodeId", name)
        .put("sla", new JsonObject().put("pollMillis", 200).put("batchSize", 5))
        .put("push", new JsonObject().put("maxPendingFrames", 100).put("heartbeatMillis", 2000).put("seenTimeoutSeconds", 60));
  }

  @Test
  void eachUnseenUrgentTicketIsAlertedOnceWhicheverNodeFiresIt(Vertx vertx) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(TestData.directory("dispatch-unseen-db-"), 0);
    TestClock clock = new TestClock();
    Server a = null;
    Server b = null;
    try (Db check = new Db(vertx, db.uri())) {
      a = TestNode.start(TestData.directory("unseen-a-"), node(db, "node-a"), clock);
      b = TestNode.start(TestData.directory("unseen-b-"), node(db, "node-b"), clock);
      Api api = new Api(vertx, a.port());
      String[] grids = {"jgm-01", "sgj-02", "dxm-03", "wls-04", "bts-01", "yhq-02"};
      int tickets = 24;
      for (int i = 0; i < tickets; i++) {
        JsonObject p = Points.of(grids[i % grids.length]);
        api.file("13800000001", Api.report("gas_leak", p.getDouble("lat"), p.getDouble("lon"), "燃气味 " + i));
      }
      clock.advance(Duration.ofSeconds(90));
      assertThat(check.awaitCount(vertx, tickets, 60, "SELECT count(*) FROM ticket_events WHERE type = 'unseen_alert'"))
          .isEqualTo(tickets);
      vertx.timer(1500).await(); // more polling rounds of both nodes
      assertThat(check.count("SELECT count(*) FROM ticket_events WHERE type = 'unseen_alert'")).isEqualTo(tickets);
      assertThat(check.count("SELECT count(*) FROM (SELECT ticket_id FROM ticket_events WHERE type = 'unseen_alert'"
          + " GROUP BY ticket_id HAVING count(*) > 1) AS twice")).isZero();
      // one message per ticket to its worker (the demo grids have no backups), each sent
      assertThat(check.count("SELECT count(*) FROM notifications WHERE template = 'unseen_alert'")).isEqualTo(tickets);
      assertThat(check.awaitCount(vertx, tickets, 30, "SELECT count(*) FROM notifications WHERE status = 'sent'")).isEqualTo(tickets);
    } finally {
      if (b != null) b.stop();
      if (a != null) a.stop();
      db.close();
    }
  }
}
