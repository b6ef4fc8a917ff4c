package org.griddispatch;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * A node restarted on the same data directory keeps every ticket, its keys and its demo data (loaded
 * once), and knows the open reports a new one may repeat.
 */
@ExtendWith(VertxExtension.class)
class RestartTest {
  @Test
  void ticketsAndTokensSurviveARestart(Vertx vertx) throws Exception {
    Path dataDir = TestData.directory("dispatch-restart-");
    Server first = TestNode.start(dataDir, new JsonObject());
    String id;
    String number;
    String token;
    JsonObject p = Points.of("sgj-04");
    String words = "楼上装修太吵 [" + java.util.UUID.randomUUID() + "]";
    try {
      Api api = new Api(vertx, first.port());
      token = api.resident("13800000002");
      JsonObject t = api.file("13800000002", Api.exactReport("noise", p.getDouble("lat"), p.getDouble("lon"), words));
      id = t.getString("id");
      number = t.getString("number");
      // and 50,000 more open reports far away, so that the next start takes a moment to load them
      try (Db db = new Db(vertx, first.pgUri())) {
        db.count("WITH ins AS (INSERT INTO tickets (id, number, kind, status, channel, category, priority, description, lat, lon,"
            + " created_by, version, seq, respond_by, resolve_by, created_at, updated_at, attributes)"
            + " SELECT gen_random_uuid(), 'FAR-' || g, 'issue', 'received', 'hotline12345', 'noise', 'normal', '远处的噪音 ' || g,"
            + " 39.9 + (g % 100) * 0.001, 116.4 + (g / 100) * 0.001, u.id, 1, 1, now(), now(), now(), now(), '{}'"
            + " FROM users u, generate_series(1, 50000) g WHERE u.username = 'hotline' RETURNING 1) SELECT count(*) FROM ins");
      }
    } finally {
      first.stop();
    }

    Server second = TestNode.start(dataDir, new JsonObject());
    try {
      Api api = new Api(vertx, second.port());
      // the open reports duplicate detection compares with are read back at start; a report that comes
      // while they are still loading waits for them
      JsonObject again = api.file("13800000003", Api.exactReport("noise", p.getDouble("lat"), p.getDouble("lon"), words));
      assertThat(again.getString("duplicateOf")).as(again.encode()).isEqualTo(id);
      assertThat(second.seeded().demoLoadedNow()).isFalse();
      Api.Response r = api.get("/api/v1/tickets/" + id, token); // the token from before still signs in
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().getString("number")).isEqualTo(number);
      assertThat(api.get("/api/v1/tickets/" + id + "/events", token).array()).hasSize(3); // created, assigned, duplicate_merged
      assertThat(api.get("/api/v1/grids", token).json().getJsonArray("features")).hasSize(24);
    } finally {
      second.stop();
    }
  }
}
