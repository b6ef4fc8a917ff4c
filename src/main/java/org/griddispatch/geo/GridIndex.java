package org.griddispatch.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.STRtree;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable point-to-grid index: an STRtree of prepared polygons. A point on a border shared by
 * two grids belongs to the one whose id sorts first, so routing never depends on polygon order.
 */
public final class GridIndex {
  private static final GeometryFactory GEOMETRY = new GeometryFactory(new PrecisionModel(), 4326);

  public record Grid(String id, String name, String community) {
    public JsonObject toJson() { return new JsonObject().put("gridId", id).put("name", name).put("community", community); }
  }

  private record Entry(Grid grid, PreparedGeometry shape) {}

  private final STRtree tree = new STRtree();
  private final int size;

  public GridIndex(List<GridShape> shapes) {
    for (GridShape s : shapes) {
      PreparedGeometry prepared = PreparedGeometryFactory.prepare(s.geometry());
      tree.insert(s.geometry().getEnvelopeInternal(), new Entry(s.grid(), prepared));
    }
    tree.build();
    size = shapes.size();
  }

  public record GridShape(Grid grid, Geometry geometry) {}

  public int size() { return size; }

  /** The grid covering the point, or null when the point is outside every grid. */
  public Grid locate(double lat, double lon) {
    Point point = GEOMETRY.createPoint(new Coordinate(lon, lat));
    @SuppressWarnings("unchecked")
    List<Entry> candidates = tree.query(point.getEnvelopeInternal());
    Grid best = null;
    for (Entry e : candidates) {
      if (e.shape().covers(point) && (best == null || e.grid().id().compareTo(best.id()) < 0)) best = e.grid();
    }
    return best;
  }

  /** Parses a GeoJSON Polygon or MultiPolygon geometry ([lon, lat] positions). */
  public static Geometry parseGeoJson(JsonObject geometry) {
    String type = geometry.getString("type");
    JsonArray coordinates = geometry.getJsonArray("coordinates");
    if ("Polygon".equals(type)) return polygon(coordinates);
    if ("MultiPolygon".equals(type)) {
      List<Polygon> parts = new ArrayList<>();
      for (Object p : coordinates) parts.add(polygon((JsonArray) p));
      return GEOMETRY.createMultiPolygon(parts.toArray(Polygon[]::new));
    }
    throw new IllegalArgumentException("Grid boundaries must be Polygon or MultiPolygon, got " + type);
  }

  private static Polygon polygon(JsonArray rings) {
    LinearRing shell = ring(rings.getJsonArray(0));
    LinearRing[] holes = new LinearRing[rings.size() - 1];
    for (int i = 1; i < rings.size(); i++) holes[i - 1] = ring(rings.getJsonArray(i));
    Polygon polygon = GEOMETRY.createPolygon(shell, holes);
    if (!polygon.isValid()) throw new IllegalArgumentException("Grid boundary is not a valid polygon");
    return polygon;
  }

  private static LinearRing ring(JsonArray positions) {
    Coordinate[] coords = new Coordinate[positions.size()];
    for (int i = 0; i < positions.size(); i++) {
      JsonArray p = positions.getJsonArray(i);
      coords[i] = new Coordinate(p.getDouble(0), p.getDouble(1));
    }
    return GEOMETRY.createLinearRing(coords);
  }
}
