package org.griddispatch;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.support.Api;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node restarted on the same data directory keeps every ticket, its keys and its demo data (loaded
 * once), and knows the open reports a new one may repeat.
 */
@ExtendWith(VertxExtension.class)
class RestartTest {
  @Test
  void ticketsAndTokensSurviveARestart(Vertx vertx) throws Exception {
    Path dataDir = Files.createTempDirectory("dispatch-restart-");
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
    } finally {
      first.stop();
    }

    Server second = TestNode.start(dataDir, new JsonObject());
    try {
      assertThat(second.seeded().demoLoadedNow()).isFalse();
      Api api = new Api(vertx, second.port());
      Api.Response r = api.get("/api/v1/tickets/" + id, token); // the token from before still signs in
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.json().getString("number")).isEqualTo(number);
      assertThat(api.get("/api/v1/tickets/" + id + "/events", token).array()).hasSize(2);
      assertThat(api.get("/api/v1/grids", token).json().getJsonArray("features")).hasSize(24);
      // the open reports duplicate detection compares with are read back at start
      JsonObject again = api.file("13800000003", Api.exactReport("noise", p.getDouble("lat"), p.getDouble("lon"), words));
      assertThat(again.getString("duplicateOf")).as(again.encode()).isEqualTo(id);
    } finally {
      second.stop();
    }
  }
}
