package org.griddispatch.geo;

import io.vertx.core.json.JsonObject;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.algorithm.locate.PointOnGeometryLocator;
import org.locationtech.jts.algorithm.locate.SimplePointInAreaLocator;

import java.util.ArrayList;
import java.util.List;

/**
 * An immutable point-to-grid index. The area the grids cover is cut into about four buckets per grid;
 * each bucket lists the grids whose envelope meets it, so a lookup is arithmetic to find the bucket,
 * then an envelope test and a point-in-polygon test for the few grids listed there. Small polygons
 * are tested by counting ray crossings over their rings; large ones through an index of their
 * segments (built up front, so lookups only read and any thread may ask). A point on a border shared
 * by two grids belongs to the one whose id sorts first, so routing never depends on polygon order.
 */
public final class GridIndex {
  public record Grid(String id, String name, String community) {
    public JsonObject toJson() { return new JsonObject().put("gridId", id).put("name", name).put("community", community); }
  }

  private record Entry(Grid grid, Envelope envelope, PointOnGeometryLocator area) {}

  /** Above this many vertices a polygon's segments are indexed; below, a plain scan is faster. */
  private static final int INDEX_ABOVE_VERTICES = 64;

  private final int size;
  private final Envelope bounds = new Envelope();
  private final int columns;
  private final int rows;
  private final Entry[][] buckets;

  public GridIndex(List<GridShape> shapes) {
    List<Entry> entries = new ArrayList<>();
    for (GridShape s : shapes) {
      Geometry g = s.geometry();
      PointOnGeometryLocator area = g.getNumPoints() > INDEX_ABOVE_VERTICES ? new IndexedPointInAreaLocator(g) : new SimplePointInAreaLocator(g);
      Envelope envelope = g.getEnvelopeInternal();
      area.locate(envelope.centre()); // an indexed locator builds its index now, not on a first lookup racing another
      entries.add(new Entry(s.grid(), envelope, area));
      bounds.expandToInclude(envelope);
    }
    size = entries.size();
    int side = Math.max(1, (int) Math.ceil(2 * Math.sqrt(size)));
    columns = side;
    rows = side;
    List<List<Entry>> lists = new ArrayList<>();
    for (int i = 0; i < columns * rows; i++) lists.add(new ArrayList<>());
    for (Entry e : entries) {
      for (int r = row(e.envelope().getMinY()); r <= row(e.envelope().getMaxY()); r++) {
        for (int c = column(e.envelope().getMinX()); c <= column(e.envelope().getMaxX()); c++) lists.get(r * columns + c).add(e);
      }
    }
    buckets = lists.stream().map(l -> l.toArray(Entry[]::new)).toArray(Entry[][]::new);
  }

  private int column(double x) {
    double width = bounds.getWidth();
    return width <= 0 ? 0 : Math.min(columns - 1, Math.max(0, (int) ((x - bounds.getMinX()) / width * columns)));
  }

  private int row(double y) {
    double height = bounds.getHeight();
    return height <= 0 ? 0 : Math.min(rows - 1, Math.max(0, (int) ((y - bounds.getMinY()) / height * rows)));
  }

  public record GridShape(Grid grid, Geometry geometry) {}

  public int size() { return size; }

  /** The grid covering the point, or null when the point is outside every grid. */
  public Grid locate(double lat, double lon) {
    if (size == 0 || !bounds.covers(lon, lat)) return null;
    Coordinate point = new Coordinate(lon, lat);
    Grid best = null;
    for (Entry e : buckets[row(lat) * columns + column(lon)]) {
      // covers: inside or on the boundary
      if (e.envelope().covers(lon, lat) && e.area().locate(point) != Location.EXTERIOR
          && (best == null || e.grid().id().compareTo(best.id()) < 0)) {
        best = e.grid();
      }
    }
    return best;
  }

  /** Parses a GeoJSON Polygon or MultiPolygon geometry ([lon, lat] positions); see {@link GridGeometry}. */
  public static Geometry parseGeoJson(JsonObject geometry) {
    return GridGeometry.read(geometry);
  }
}
