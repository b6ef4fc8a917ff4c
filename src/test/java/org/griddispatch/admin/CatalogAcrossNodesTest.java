package org.griddispatch.admin;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Points;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Two nodes sharing one database without the cluster, as two servers behind a balancer: a category
 * changed through A is used by B (its catalogue listing and a ticket filed through it) once B's
 * once-a-second look at the catalogue's version has found the change. The time is reported, not
 * asserted.
 */
@ExtendWith(VertxExtension.class)
class CatalogAcrossNodesTest {
  @Test
  void aChangeThroughOneNodeIsUsedByTheOther(Vertx vertx) throws Exception {
    EmbeddedDatabase database = EmbeddedDatabase.start(TestData.directory("dispatch-catalog-db-"), 0);
    Server a = null;
    Server b = null;
    try {
      JsonObject shared = new JsonObject().put("pgUri", database.uri()).put("demo", true);
      a = TestNode.start(TestData.directory("dispatch-catalog-a-"), shared);
      b = TestNode.start(TestData.directory("dispatch-catalog-b-"), shared);
      Api viaA = new Api(vertx, a.port());
      Api viaB = new Api(vertx, b.port());

      JsonObject power = powerOutageSeenBy(viaB);
      assertThat(power.getJsonObject("sla").getInteger("respondMinutes")).isEqualTo(30);
      power.getJsonObject("sla").put("respondMinutes", 25);
      Api.Response changed = viaA.call(HttpMethod.PUT, "/api/v1/admin/categories/power_outage", viaA.login("admin"), power, null);
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
      long start = System.nanoTime();
      // B reads the catalogue again when its version check sees the new version: wait on that read itself
      long version;
      try (Db check = new Db(vertx, database.uri())) {
        version = check.one("SELECT value::text::bigint FROM settings WHERE key = 'catalog.version'").getLong(0);
      }
      b.catalogueReached(version).get(10, java.util.concurrent.TimeUnit.SECONDS);
      System.out.printf("catalogue change through A seen on B after %d ms%n", (System.nanoTime() - start) / 1_000_000);
      assertThat(powerOutageSeenBy(viaB).getJsonObject("sla").getInteger("respondMinutes")).isEqualTo(25);

      JsonObject p = Points.of("bts-02");
      JsonObject t = viaB.file("13800000001", Api.report("power_outage", p.getDouble("lat"), p.getDouble("lon"), "整栋楼停电"));
      assertThat(Duration.between(OffsetDateTime.parse(t.getString("createdAt")),
          OffsetDateTime.parse(t.getJsonObject("deadlines").getString("respondBy")))).isEqualTo(Duration.ofMinutes(25));
    } finally {
      if (b != null) b.stop();
      if (a != null) a.stop();
      database.close();
    }
  }

  private static JsonObject powerOutageSeenBy(Api node) {
    return node.get("/api/v1/categories", node.login("dispatcher")).json().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(c -> "power_outage".equals(c.getString("code"))).findFirst().orElseThrow();
  }
}
