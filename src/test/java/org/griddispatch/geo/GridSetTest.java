package org.griddispatch.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The one check of a grid set, on the demo's 24 grids and on small sets made to be wrong. */
class GridSetTest {
  private static JsonArray pos(double lon, double lat) {
    return new JsonArray().add(lon).add(lat);
  }

  private static JsonObject square(double lon, double lat, double side) {
    return new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(pos(lon, lat)).add(pos(lon + side, lat)).add(pos(lon + side, lat + side)).add(pos(lon, lat + side)).add(pos(lon, lat))));
  }

  private static JsonObject grid(String id, JsonObject geometry, String... workers) {
    return new JsonObject().put("type", "Feature").put("geometry", geometry).put("properties", new JsonObject()
        .put("id", id).put("name", id + "网格").put("community", "测试社区").put("workerIds", new JsonArray(java.util.List.of((Object[]) workers))));
  }

  private static JsonObject set(JsonObject... features) {
    return new JsonObject().put("type", "FeatureCollection").put("features", new JsonArray(java.util.List.of((Object[]) features)));
  }

  @Test
  void theDemoGridsTileTheirAreaWithoutOverlapping() {
    GridSet demo = GridSet.read(Points.grids(), false);
    assertThat(demo.problems()).isEmpty();
    assertThat(demo.grids()).hasSize(24);
  }

  @Test
  void neighboursSharingABorderPassAndAnOverlapIsNamedOnBothGrids() {
    // two unit squares side by side: their shared edge is no overlap, even computed from other vertices
    JsonObject left = square(104.0, 31.0, 0.01);
    JsonObject right = new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(pos(104.01, 31.0)).add(pos(104.02, 31.0)).add(pos(104.02, 31.01)).add(pos(104.01, 31.01))
        .add(pos(104.01, 31.005)).add(pos(104.01, 31.0))));
    assertThat(GridSet.read(set(grid("a", left), grid("b", right)), true).problems()).isEmpty();

    GridSet overlapping = GridSet.read(set(grid("a", left), grid("b", square(104.009, 31.0, 0.01))), true);
    assertThat(overlapping.fields().getMap()).containsOnlyKeys("features[0]", "features[1]");
    assertThat(overlapping.fields().getString("features[0]")).matches("overlaps grid b \\(about \\d+ m²\\)");
    assertThat(overlapping.fields().getString("features[1]")).startsWith("overlaps grid a");
  }

  @Test
  void everyProblemOfEveryFeatureIsNamed() {
    JsonObject notClosed = new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(pos(104, 31)).add(pos(104.01, 31)).add(pos(104.01, 31.01)).add(pos(104, 31.01))));
    JsonObject offTheGlobe = square(204, 31, 0.01);
    JsonObject triangleOfTwo = new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(new JsonArray()
        .add(pos(104, 31)).add(pos(104.01, 31)).add(pos(104, 31))));
    JsonObject nameless = grid("d", square(105, 31, 0.01));
    nameless.getJsonObject("properties").remove("name");
    GridSet set = GridSet.read(set(grid("a", notClosed), grid("b", offTheGlobe), grid("c", triangleOfTwo), nameless,
        grid("d", square(106, 31, 0.01)), grid("bad id!", square(107, 31, 0.01))), true);
    Map<String, Object> fields = set.fields().getMap();
    assertThat(fields.get("features[0]").toString()).contains("ring 0 is not closed");
    assertThat(fields.get("features[1]").toString()).contains("off the globe");
    assertThat(fields.get("features[2]").toString()).contains("at least 4 positions");
    assertThat(fields.get("features[3]").toString()).contains("name: required");
    assertThat(fields.get("features[4]").toString()).contains("id d repeats features[3]");
    assertThat(fields.get("features[5]").toString()).contains("id: letters, digits");
    assertThat(set.accepted()).isFalse();
  }

  @Test
  void workersAreCheckedThroughTheLookupGiven() {
    GridSet set = GridSet.read(set(grid("a", square(104, 31, 0.01), "w1", "ghost"),
        grid("b", square(105, 31, 0.01), "w1").put("properties", grid("b", square(105, 31, 0.01), "w1").getJsonObject("properties")
            .put("backupWorkerIds", new JsonArray().add("clerk")))), true);
    assertThat(set.namedWorkers()).containsExactly("w1", "ghost", "clerk");
    set.checkWorkers(id -> switch (id) {
      case "w1" -> null;
      case "ghost" -> "is not a known user";
      default -> "is not a grid worker";
    });
    assertThat(set.fields().getString("features[0]")).isEqualTo("workerIds: ghost is not a known user");
    assertThat(set.fields().getString("features[1]")).isEqualTo("backupWorkerIds: clerk is not a grid worker");
  }
}
