package org.griddispatch.geo;

import io.vertx.core.json.JsonObject;
import org.griddispatch.support.Points;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The in-memory index over the demo grids. */
class GridIndexTest {
  static GridIndex demo() {
    List<GridIndex.GridShape> shapes = new ArrayList<>();
    for (Object o : Points.grids().getJsonArray("features")) {
      JsonObject f = (JsonObject) o;
      JsonObject p = f.getJsonObject("properties");
      shapes.add(new GridIndex.GridShape(new GridIndex.Grid(p.getString("id"), p.getString("name"), p.getString("community")),
          GridIndex.parseGeoJson(f.getJsonObject("geometry"))));
    }
    return new GridIndex(shapes);
  }

  @Test
  void everyGridsInteriorPointFindsThatGrid() {
    GridIndex index = demo();
    assertThat(index.size()).isEqualTo(24);
    Set<String> communities = new HashSet<>();
    for (Object o : Points.all()) {
      JsonObject p = (JsonObject) o;
      GridIndex.Grid g = index.locate(p.getDouble("lat"), p.getDouble("lon"));
      assertThat(g).isNotNull();
      assertThat(g.id()).isEqualTo(p.getString("gridId"));
      communities.add(g.community());
    }
    assertThat(communities).hasSize(6).contains("建国门社区");
  }

  @Test
  void theContractsExamplePointIsInJianguomen() {
    assertThat(demo().locate(31.4601, 104.7402).community()).isEqualTo("建国门社区");
  }

  @Test
  void pointsOutsideAreNull() {
    GridIndex index = demo();
    assertThat(index.locate(Points.OUTSIDE[0], Points.OUTSIDE[1])).isNull();
    assertThat(index.locate(0, 0)).isNull();
    assertThat(index.locate(31.4539, 104.74)).isNull();
  }

  @Test
  void aSharedBorderBelongsToTheGridWhoseIdSortsFirst() {
    Points.Edge edge = Points.sharedEdge();
    GridIndex index = demo();
    // just off the border on either side, each grid finds itself
    double dLat = edge.lon2() - edge.lon1();
    double dLon = -(edge.lat2() - edge.lat1());
    double scale = 1e-6 / Math.hypot(dLat, dLon);
    String sideA = index.locate(edge.midLat() + dLat * scale, edge.midLon() + dLon * scale).id();
    String sideB = index.locate(edge.midLat() - dLat * scale, edge.midLon() - dLon * scale).id();
    assertThat(Set.of(sideA, sideB)).containsExactlyInAnyOrder(edge.gridA(), edge.gridB());
    String expected = edge.gridA().compareTo(edge.gridB()) < 0 ? edge.gridA() : edge.gridB();
    for (int i = 0; i < 3; i++) assertThat(index.locate(edge.midLat(), edge.midLon()).id()).isEqualTo(expected);
  }
}
