package org.griddispatch.geo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

import java.util.Locale;

/**
 * A grid's boundary: a GeoJSON Polygon or MultiPolygon ({@code [lon, lat]} positions) read into a
 * valid JTS geometry, or refused with a reason a person can act on (which ring, which point). The
 * index reads stored boundaries with it and the grid set checks new ones with it, so both agree on
 * what a grid's shape is.
 */
public final class GridGeometry {
  private static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

  private GridGeometry() {}

  /** The geometry, valid and with an area; {@link IllegalArgumentException} saying what is wrong otherwise. */
  public static Geometry read(Object geometry) {
    if (!(geometry instanceof JsonObject g)) throw refused("geometry must be a GeoJSON Polygon or MultiPolygon");
    if (!(g.getValue("coordinates") instanceof JsonArray coordinates)) throw refused("geometry.coordinates must be an array");
    Object type = g.getValue("type");
    Geometry shape;
    if ("Polygon".equals(type)) {
      shape = polygon(coordinates, "");
    } else if ("MultiPolygon".equals(type)) {
      if (coordinates.isEmpty()) throw refused("a MultiPolygon needs at least one polygon");
      Polygon[] parts = new Polygon[coordinates.size()];
      for (int i = 0; i < parts.length; i++) {
        if (!(coordinates.getValue(i) instanceof JsonArray rings)) throw refused("polygon " + i + " must be an array of rings");
        parts[i] = polygon(rings, "polygon " + i + ", ");
      }
      shape = FACTORY.createMultiPolygon(parts);
    } else {
      throw refused("geometry.type must be Polygon or MultiPolygon");
    }
    TopologyValidationError error = new IsValidOp(shape).getValidationError();
    if (error != null) {
      Coordinate at = error.getCoordinate();
      throw refused("not a valid polygon: " + error.getMessage().toLowerCase(Locale.ROOT)
          + (at == null ? "" : " at [" + at.x + ", " + at.y + "]"));
    }
    if (shape.getArea() <= 0) throw refused("the polygon has no area");
    return shape;
  }

  private static Polygon polygon(JsonArray rings, String where) {
    if (rings.isEmpty()) throw refused(where + "a polygon needs an outer ring");
    LinearRing[] read = new LinearRing[rings.size()];
    for (int i = 0; i < read.length; i++) {
      if (!(rings.getValue(i) instanceof JsonArray positions)) throw refused(where + "ring " + i + " must be an array of positions");
      read[i] = ring(positions, where + "ring " + i);
    }
    LinearRing[] holes = new LinearRing[read.length - 1];
    System.arraycopy(read, 1, holes, 0, holes.length);
    return FACTORY.createPolygon(read[0], holes);
  }

  private static LinearRing ring(JsonArray positions, String where) {
    if (positions.size() < 4) throw refused(where + " needs at least 4 positions (a triangle, closed)");
    Coordinate[] coords = new Coordinate[positions.size()];
    for (int i = 0; i < coords.length; i++) coords[i] = position(positions.getValue(i), where + ", position " + i);
    if (!coords[0].equals2D(coords[coords.length - 1])) throw refused(where + " is not closed: its last position must repeat its first");
    return FACTORY.createLinearRing(coords);
  }

  private static Coordinate position(Object value, String where) {
    if (!(value instanceof JsonArray p) || p.size() < 2 || p.size() > 3
        || !(p.getValue(0) instanceof Number lon) || !(p.getValue(1) instanceof Number lat)) {
      throw refused(where + " must be [lon, lat]");
    }
    double x = lon.doubleValue();
    double y = lat.doubleValue();
    if (!(x >= -180 && x <= 180) || !(y >= -90 && y <= 90)) throw refused(where + " is off the globe: [lon, lat] in degrees");
    return new Coordinate(x, y);
  }

  private static IllegalArgumentException refused(String reason) {
    return new IllegalArgumentException(reason);
  }
}
