package org.griddispatch.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Points inside each demo grid (conf/demo/grid-points.json) and a few special places. */
public final class Points {
  private Points() {}

  public static final double[] OUTSIDE = {31.4700, 104.7600};

  public static JsonObject of(String gridId) {
    for (Object o : all()) {
      JsonObject p = (JsonObject) o;
      if (p.getString("gridId").equals(gridId)) return p;
    }
    throw new IllegalArgumentException(gridId);
  }

  public static JsonArray all() {
    try (InputStream in = Points.class.getClassLoader().getResourceAsStream("conf/demo/grid-points.json")) {
      return new JsonArray(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The demo grids as GeoJSON. */
  public static JsonObject grids() {
    try (InputStream in = Points.class.getClassLoader().getResourceAsStream("conf/demo/grids.geojson")) {
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An edge two demo grids share, end to end, with its midpoint. */
  public record Edge(String gridA, String gridB, double lat1, double lon1, double lat2, double lon2) {
    public double midLat() { return (lat1 + lat2) / 2; }
    public double midLon() { return (lon1 + lon2) / 2; }
  }

  public static Edge sharedEdge() {
    JsonArray features = grids().getJsonArray("features");
    JsonObject first = features.getJsonObject(0);
    JsonArray a = first.getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0);
    for (int j = 1; j < features.size(); j++) {
      JsonArray b = features.getJsonObject(j).getJsonObject("geometry").getJsonArray("coordinates").getJsonArray(0);
      for (int i = 0; i + 1 < a.size(); i++) {
        for (int k = 0; k + 1 < b.size(); k++) {
          if (a.getJsonArray(i).equals(b.getJsonArray(k + 1)) && a.getJsonArray(i + 1).equals(b.getJsonArray(k))) {
            return new Edge(first.getJsonObject("properties").getString("id"),
                features.getJsonObject(j).getJsonObject("properties").getString("id"),
                a.getJsonArray(i).getDouble(1), a.getJsonArray(i).getDouble(0),
                a.getJsonArray(i + 1).getDouble(1), a.getJsonArray(i + 1).getDouble(0));
          }
        }
      }
    }
    throw new IllegalStateException("no shared edge in the demo grids");
  }
}
