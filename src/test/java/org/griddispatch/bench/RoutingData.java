package org.griddispatch.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.geo.GridIndex;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The grid sets of the routing bench, as GeoJSON geometries by grid id: the 24 demo grids, and a
 * synthetic city of 100 × 100 irregular grids (jittered corners, about half the inner edges bent at
 * their middle, so 4 to 8 corners each) that tile their bounding box exactly.
 */
record RoutingData(String name, double[] bbox, Map<String, JsonObject> boundaries) {
  static final int SIDE = 100;

  static RoutingData of(String name) {
    return switch (name) {
      case "demo" -> demo();
      case "synthetic" -> synthetic(SIDE);
      default -> throw new IllegalArgumentException("no dataset " + name);
    };
  }

  static RoutingData demo() {
    JsonObject collection = BenchArgs.resourceObject("conf/demo/grids.geojson");
    JsonArray bbox = collection.getJsonObject("properties").getJsonArray("bbox");
    Map<String, JsonObject> boundaries = new LinkedHashMap<>();
    for (Object f : collection.getJsonArray("features")) {
      JsonObject feature = (JsonObject) f;
      boundaries.put(feature.getJsonObject("properties").getString("id"), feature.getJsonObject("geometry"));
    }
    return new RoutingData("demo", new double[] {bbox.getDouble(0), bbox.getDouble(1), bbox.getDouble(2), bbox.getDouble(3)}, boundaries);
  }

  /** side × side cells of 0.003° × 0.0025° (about 285 × 280 m) from (104.6, 31.3). */
  static RoutingData synthetic(int side) {
    double x0 = 104.6, y0 = 31.3, dx = 0.003, dy = 0.0025;
    Random random = new Random(42);
    double[][] cx = new double[side + 1][side + 1], cy = new double[side + 1][side + 1];
    for (int i = 0; i <= side; i++) {
      for (int j = 0; j <= side; j++) { // corners move by up to 15 % of a cell, never off the outer border
        boolean innerX = i > 0 && i < side, innerY = j > 0 && j < side;
        cx[i][j] = x0 + i * dx + (innerX ? (random.nextDouble() - 0.5) * 0.3 * dx : 0);
        cy[i][j] = y0 + j * dy + (innerY ? (random.nextDouble() - 0.5) * 0.3 * dy : 0);
      }
    }
    // bends[i][j]: the middle of the edge from corner (i, j) going right (h) or up (v), or null when straight
    double[][][] h = new double[side][side + 1][], v = new double[side + 1][side][];
    for (int i = 0; i < side; i++) {
      for (int j = 1; j < side; j++) {
        if (random.nextBoolean()) h[i][j] = new double[] {(cx[i][j] + cx[i + 1][j]) / 2, (cy[i][j] + cy[i + 1][j]) / 2 + (random.nextDouble() - 0.5) * 0.2 * dy};
      }
    }
    for (int i = 1; i < side; i++) {
      for (int j = 0; j < side; j++) {
        if (random.nextBoolean()) v[i][j] = new double[] {(cx[i][j] + cx[i][j + 1]) / 2 + (random.nextDouble() - 0.5) * 0.2 * dx, (cy[i][j] + cy[i][j + 1]) / 2};
      }
    }
    Map<String, JsonObject> boundaries = new LinkedHashMap<>();
    for (int j = 0; j < side; j++) {
      for (int i = 0; i < side; i++) { // counter-clockwise from the lower left corner
        List<double[]> ring = new ArrayList<>();
        ring.add(new double[] {cx[i][j], cy[i][j]});
        if (h[i][j] != null) ring.add(h[i][j]);
        ring.add(new double[] {cx[i + 1][j], cy[i + 1][j]});
        if (v[i + 1][j] != null) ring.add(v[i + 1][j]);
        ring.add(new double[] {cx[i + 1][j + 1], cy[i + 1][j + 1]});
        if (h[i][j + 1] != null) ring.add(h[i][j + 1]);
        ring.add(new double[] {cx[i][j + 1], cy[i][j + 1]});
        if (v[i][j] != null) ring.add(v[i][j]);
        ring.add(ring.get(0));
        JsonArray positions = new JsonArray();
        for (double[] p : ring) positions.add(new JsonArray().add(p[0]).add(p[1]));
        boundaries.put(String.format("s%03d-%03d", j, i), new JsonObject().put("type", "Polygon").put("coordinates", new JsonArray().add(positions)));
      }
    }
    return new RoutingData("synthetic", new double[] {x0, y0, x0 + side * dx, y0 + side * dy}, boundaries);
  }

  /** The index the node would build from these grids (as GeoRoutingVerticle does). */
  GridIndex index() {
    List<GridIndex.GridShape> shapes = new ArrayList<>();
    boundaries.forEach((id, geometry) -> shapes.add(new GridIndex.GridShape(new GridIndex.Grid(id, id, ""), GridIndex.parseGeoJson(geometry))));
    return new GridIndex(shapes);
  }

  /** n random points inside the bounding box: {lat[], lon[]}. */
  double[][] points(int n, long seed) {
    Random random = new Random(seed);
    double[] lat = new double[n], lon = new double[n];
    for (int k = 0; k < n; k++) {
      lon[k] = bbox[0] + random.nextDouble() * (bbox[2] - bbox[0]);
      lat[k] = bbox[1] + random.nextDouble() * (bbox[3] - bbox[1]);
    }
    return new double[][] {lat, lon};
  }
}
