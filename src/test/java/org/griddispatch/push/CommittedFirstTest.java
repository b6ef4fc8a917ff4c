package org.griddispatch.push;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.Terminal;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * A node hands what its writer committed straight to its own sockets (LocalCommits), ahead of the
 * cluster's ordered stream. This node never leads the stream ({@code push.feedLeader: false}), so every
 * live frame its sockets get came that way; a deferred constraint trigger makes one ticket's commit fail
 * after its statement has written (and answered) its rows.
 */
@ExtendWith(VertxExtension.class)
class CommittedFirstTest {
  private static final String REFUSED = "commit refused here";
  static Server node;
  static Api api;
  static Db db;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    node = TestNode.start(TestData.directory("dispatch-committed-first-"), new JsonObject()
        .put("push", new JsonObject().put("feedLeader", false).put("heartbeatMillis", 2000).put("seenTimeoutSeconds", 30 * 24 * 3600))
        // no other writer at work beside the test's requests (a transaction still open when a ticket's statement
        // begins keeps its events off the short cut: they would wait for the stream, which this node does not feed)
        .put("notify", new JsonObject().put("pollMillis", 3_600_000)));
    api = new Api(vertx, node.port());
    db = new Db(vertx, node.pgUri());
    // checked at COMMIT, after the statement has inserted the ticket and its events and sent back its rows
    db.one("CREATE FUNCTION refuse_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
        + " IF NEW.description LIKE '" + REFUSED + "%' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$");
    db.one("CREATE CONSTRAINT TRIGGER refuse_at_commit AFTER INSERT ON tickets DEFERRABLE INITIALLY DEFERRED"
        + " FOR EACH ROW EXECUTE FUNCTION refuse_at_commit()");
  }

  @AfterAll
  static void stop() {
    db.close();
    node.stop();
  }

  /** Each of another category, so that none is taken for a duplicate of another. */
  private static Api.Response file(String category, String description) {
    JsonObject p = Points.of("wls-03");
    return api.post("/api/v1/tickets", api.resident("13800000031"), Api.report(category, p.getDouble("lat"), p.getDouble("lon"), description));
  }

  @Test
  void aTicketWhoseCommitFailedIsNeverPushedAndTheNextArriveGaplessInOrder(Vertx vertx) {
    try (Terminal worker = Terminal.connect(vertx, node.port(), api.login("worker-wls-03"))) {
      assertThat(worker.subscribe("grid:wls-03", null).getString("op")).isEqualTo("subscribed");
      Api.Response first = file("garbage", "垃圾 first");
      assertThat(first.status()).isEqualTo(201);
      // past the contract's client: an internal error is the honest answer here, and no documented one
      JsonObject p = Points.of("wls-03");
      int refused = WebClient.create(vertx).post(node.port(), "127.0.0.1", "/api/v1/tickets")
          .bearerTokenAuthentication(api.resident("13800000031"))
          .sendJsonObject(Api.report("streetlight", p.getDouble("lat"), p.getDouble("lon"), REFUSED + " 路灯")).await().statusCode();
      assertThat(refused).isEqualTo(500);
      assertThat(db.count("SELECT count(*) FROM tickets WHERE description LIKE $1", REFUSED + "%")).isZero();
      Api.Response last = file("noise", "噪音 last");
      assertThat(last.status()).isEqualTo(201);

      // the stream is not fed on this node: these frames came from the writer, once each commit had succeeded
      List<JsonObject> frames = new ArrayList<>();
      for (Api.Response filed : List.of(first, last)) {
        frames.add(worker.event(filed.json().getString("id"), 10));
        frames.add(worker.event(filed.json().getString("id"), 10));
      }
      assertThat(frames).extracting(f -> f.getString("type")).containsExactly("created", "assigned", "created", "assigned");
      assertThat(frames).extracting(f -> f.getInteger("seq")).containsExactly(1, 2, 1, 2);
      List<String> cursors = frames.stream().map(f -> f.getString("cursor")).toList();
      for (int i = 1; i < cursors.size(); i++) assertThat(Cursor.parse(cursors.get(i)).after(Cursor.parse(cursors.get(i - 1)))).isTrue();
      // nothing of the refused ticket, nor anything twice
      assertThat(worker.quietFor(500)).noneMatch(f -> "event".equals(f.getString("op")));

      // the database's stream, which resuming terminals and other nodes go by, holds exactly what was pushed
      try (Terminal resumed = Terminal.connect(vertx, node.port(), api.login("worker-wls-03"))) {
        resumed.subscribe("grid:wls-03", "0.0");
        List<String> replayed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          replayed.add(resumed.next(f -> "event".equals(f.getString("op")), 10).getString("cursor"));
        }
        assertThat(replayed).containsExactlyElementsOf(cursors);
        assertThat(resumed.quietFor(300)).noneMatch(f -> "event".equals(f.getString("op")));
      }
    }
  }
}
