package org.griddispatch.cluster;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestNode;
import org.griddispatch.support.Terminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Two real Hazelcast members on 127.0.0.1 sharing one database: a change through A reaches a socket
 * on B, and B's duplicate detection knows the tickets filed through A.
 */
@ExtendWith(VertxExtension.class)
class ClusteredPushTest {
  @Test
  void aChangeMadeThroughOneNodeReachesASocketOnTheOther(Vertx vertx) throws Exception {
    EmbeddedDatabase db = EmbeddedDatabase.start(TestData.directory("dispatch-cluster-db-"), 0);
    Server a = null;
    Server b = null;
    try {
      int portA = TestNode.freePort();
      int portB = TestNode.freePort();
      JsonObject cluster = new JsonObject().put("cluster", true).put("pgUri", db.uri())
          .put("clusterName", "test-" + UUID.randomUUID()).put("clusterInterface", "127.0.0.1")
          .put("clusterMembers", "127.0.0.1:" + portA + ",127.0.0.1:" + portB);
      a = TestNode.start(TestData.directory("dispatch-node-a-"), cluster.copy().put("clusterPort", portA));
      // nodes sharing the database share its signing key
      b = TestNode.start(TestData.directory("dispatch-node-b-"), cluster.copy().put("clusterPort", portB));
      assertThat(b.seeded().demoLoadedNow()).isFalse();

      Api viaA = new Api(vertx, a.port());
      Api viaB = new Api(vertx, b.port());
      assertThat(viaB.get("/health/ready", null).json().getJsonObject("checks").getString("cluster")).isEqualTo("UP");
      try (Terminal onB = Terminal.connect(vertx, b.port(), viaB.login("worker-dxm-03"));
           Terminal centreOnA = Terminal.connect(vertx, a.port(), viaA.login("dispatcher"))) {
        onB.subscribe("grid:dxm-03", null);
        centreOnA.subscribe("center", null);
        JsonObject p = Points.of("dxm-03");
        JsonObject t = viaA.file("13800000001", Api.report("power_outage", p.getDouble("lat"), p.getDouble("lon"), "整条街停电"));
        assertThat(onB.event(t.getString("id"), 15).getString("type")).isEqualTo("created");
        assertThat(onB.event(t.getString("id"), 15).getString("type")).isEqualTo("assigned");
        // and back: the worker on B accepts, the centre on A sees it
        assertThat(viaB.act(t.getString("id"), "accept", viaB.login("worker-dxm-03"), null).status()).isEqualTo(200);
        JsonObject accepted = centreOnA.next(f -> t.getString("id").equals(f.getString("ticketId")) && "accepted".equals(f.getString("type")), 15);
        assertThat(accepted.getInteger("seq")).isEqualTo(3);
        // B learnt of the ticket from the stream: the same report filed through B is merged into it
        JsonObject again = viaB.file("13800000002", Api.exactReport("power_outage", p.getDouble("lat"), p.getDouble("lon"),
            t.getString("description")));
        assertThat(again.getString("duplicateOf")).as(again.encode()).isEqualTo(t.getString("id"));
      }
    } finally {
      if (b != null) b.stop();
      if (a != null) a.stop();
      db.close();
    }
  }
}
