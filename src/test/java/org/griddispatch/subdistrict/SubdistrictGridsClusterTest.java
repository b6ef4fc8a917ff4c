package org.griddispatch.subdistrict;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.griddispatch.Server;
import org.griddispatch.geo.GridGeometry;
import org.griddispatch.store.EmbeddedDatabase;
import org.griddispatch.support.Api;
import org.griddispatch.support.Db;
import org.griddispatch.support.Subdistricts;
import org.griddispatch.support.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import org.griddispatch.support.TestData;

/**
 * Two clustered nodes on the imported example: a grid split in two through node A routes the next
 * ticket filed through node B by the new polygons; a set that overlaps or is invalid is refused whole
 * and routing stays as it was.
 */
@ExtendWith(VertxExtension.class)
class SubdistrictGridsClusterTest {
  private static final String PATH = "/api/v1/admin/grids";

  @Test
  void aGridSplitThroughOneNodeRoutesTicketsFiledThroughTheOther(Vertx vertx) throws Exception {
    EmbeddedDatabase database = EmbeddedDatabase.start(TestData.directory("dispatch-split-db-"), 0);
    Server a = null;
    Server b = null;
    try (Db db = new Db(vertx, database.uri())) {
      SubdistrictImport.Outcome imported = Subdistricts.importInto(vertx, database.uri(), Subdistricts.EXAMPLE);
      int portA = TestNode.freePort();
      int portB = TestNode.freePort();
      JsonObject cluster = new JsonObject().put("cluster", true).put("pgUri", database.uri()).put("demo", false)
          .put("clusterName", "test-" + UUID.randomUUID()).put("clusterInterface", "127.0.0.1")
          .put("clusterMembers", "127.0.0.1:" + portA + ",127.0.0.1:" + portB);
      a = TestNode.start(TestData.directory("dispatch-split-a-"), cluster.copy().put("clusterPort", portA));
      b = TestNode.start(TestData.directory("dispatch-split-b-"), cluster.copy().put("clusterPort", portB));
      Api viaA = new Api(vertx, a.port());
      Api viaB = new Api(vertx, b.port());
      String admin = viaA.login("admin");
      String dispatcherOnB = viaB.login("xh-dispatcher", imported.written().accounts().stream()
          .filter(x -> x.username().equals("xh-dispatcher")).findFirst().orElseThrow().password());
      String abWorker = viaA.get("/api/v1/admin/users?role=grid_worker", admin).json().getJsonArray("items").stream()
          .map(JsonObject.class::cast).filter(u -> u.getString("username").equals("xh-worker-ab")).findFirst().orElseThrow().getString("id");

      // gy-02 cut in two along a north-south line through its middle
      JsonObject set = viaA.get("/api/v1/grids", admin).json();
      JsonObject gy02 = Subdistricts.feature(set, "gy-02");
      Geometry whole = GridGeometry.read(gy02.getJsonObject("geometry"));
      Envelope e = whole.getEnvelopeInternal();
      Polygon west = (Polygon) cut(whole, e.getMinX() - 0.01, e.centre().x);
      Polygon east = (Polygon) cut(whole, e.centre().x, e.getMaxX() + 0.01);
      double[] inEast = Subdistricts.inside(east);

      JsonObject before = file(viaB, dispatcherOnB, inEast, "路面塌陷");
      assertThat(before.getString("gridId")).isEqualTo("gy-02");

      JsonObject split = set.copy();
      Subdistricts.feature(split, "gy-02").put("geometry", Subdistricts.geoJson(west));
      split.getJsonArray("features").add(new JsonObject().put("type", "Feature").put("geometry", Subdistricts.geoJson(east))
          .put("properties", new JsonObject().put("id", "gy-05").put("name", "公园社区第5网格").put("community", "公园社区")
              .put("communityId", "gy").put("workerIds", new JsonArray().add(abWorker))));
      Api.Response put = viaA.put(PATH, admin, split);
      long answered = System.nanoTime();
      assertThat(put.status()).as(put.toString()).isEqualTo(200);
      assertThat(put.json().getJsonArray("added")).containsExactly("gy-05");
      assertThat(put.json().getJsonArray("changed")).containsExactly("gy-02");

      // node B routes by the new polygons: poll with a bound, report how long it took
      String locate = "/api/v1/grids/locate?lat=" + inEast[0] + "&lon=" + inEast[1];
      long deadline = answered + 10_000_000_000L;
      String located = null;
      while (System.nanoTime() < deadline) {
        located = viaB.get(locate, dispatcherOnB).json().getString("gridId");
        if ("gy-05".equals(located)) break;
        vertx.timer(10).await();
      }
      System.out.printf("[grids] node B routed by node A's new grid set %d ms after the PUT answered%n",
          (System.nanoTime() - answered) / 1_000_000);
      assertThat(located).isEqualTo("gy-05");
      JsonObject after = file(viaB, dispatcherOnB, inEast, "路面又塌了一块");
      assertThat(after.getString("gridId")).isEqualTo("gy-05");
      assertThat(after.getString("assigneeId")).isEqualTo(abWorker);
      assertThat(viaB.get("/api/v1/tickets/" + before.getString("id"), dispatcherOnB).json().getString("gridId"))
          .as("a ticket filed before the split keeps its grid").isEqualTo("gy-02");
      assertThat(viaB.get("/api/v1/grids", dispatcherOnB).json().getJsonArray("features")).hasSize(12);

      // refused whole: a set with gy-05 over all of old gy-02 and a good new grid far away, then one with a bow tie
      String gridsOnB = viaB.get("/api/v1/grids", dispatcherOnB).body();
      JsonObject overlapping = split.copy();
      Subdistricts.feature(overlapping, "gy-05").put("geometry", gy02.getJsonObject("geometry").copy());
      overlapping.getJsonArray("features").add(new JsonObject().put("type", "Feature").put("geometry", square(113.30, 23.30))
          .put("properties", new JsonObject().put("id", "far-01").put("name", "远方网格").put("community", "远方社区")
              .put("workerIds", new JsonArray())));
      Api.Response refused = viaA.put(PATH, admin, overlapping);
      assertThat(refused.status()).isEqualTo(400);
      JsonObject fields = refused.json().getJsonObject("error").getJsonObject("fields");
      assertThat(fields.getString("features[5]")).contains("overlaps grid gy-05");
      assertThat(fields.getString("features[11]")).contains("overlaps grid gy-02");
      JsonObject bowTie = split.copy();
      Subdistricts.feature(bowTie, "gy-05").getJsonObject("geometry").put("coordinates", new JsonArray().add(new JsonArray()
          .add(pos(113.217, 23.397)).add(pos(113.223, 23.403)).add(pos(113.223, 23.397)).add(pos(113.217, 23.403)).add(pos(113.217, 23.397))));
      assertThat(viaA.put(PATH, admin, bowTie).status()).isEqualTo(400);

      vertx.timer(1000).await(); // what a wrongly accepted set would have needed to reach B
      assertThat(viaB.get("/api/v1/grids", dispatcherOnB).body()).isEqualTo(gridsOnB);
      assertThat(file(viaB, dispatcherOnB, inEast, "路面还是坑洼").getString("gridId")).isEqualTo("gy-05");
      assertThat(viaB.get("/api/v1/grids/locate?lat=23.3005&lon=113.3005", dispatcherOnB).status()).isEqualTo(404);
      assertThat(db.count("SELECT count(*) FROM audit_log WHERE action = 'grids.replace'")).as("one per accepted change").isEqualTo(1);
    } finally {
      if (b != null) b.stop();
      if (a != null) a.stop();
      database.close();
    }
  }

  private static JsonObject file(Api api, String token, double[] at, String description) {
    Api.Response r = api.post("/api/v1/tickets", token, Api.report("road_damage", at[0], at[1], description).put("address", "公园路"));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** The part of the shape between two meridians. */
  private static Geometry cut(Geometry shape, double fromLon, double toLon) {
    Envelope e = shape.getEnvelopeInternal();
    Geometry band = shape.getFactory().toGeometry(new Envelope(fromLon, toLon, e.getMinY() - 0.01, e.getMaxY() + 0.01));
    return OverlayNGRobust.overlay(shape, band, OverlayNG.INTERSECTION);
  }

  private static JsonObject square(double lon, double lat) {
    return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(pos(lon, lat)).add(pos(lon + 0.001, lat)).add(pos(lon + 0.001, lat + 0.001)).add(pos(lon, lat + 0.001)).add(pos(lon, lat))));
  }

  private static JsonArray pos(double lon, double lat) {
    return new JsonArray().add(lon).add(lat);
  }
}
