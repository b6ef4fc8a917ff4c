package org.griddispatch.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Passwords;
import org.griddispatch.geo.GridGeometry;
import org.griddispatch.store.Database;
import org.griddispatch.subdistrict.SubdistrictFiles;
import org.griddispatch.subdistrict.SubdistrictImport;
import org.griddispatch.subdistrict.SubdistrictWriter;
import org.griddispatch.ticket.Vocabulary;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;

/** The second example subdistrict (新华街道, conf/example-xinhua): importing it, copies to spoil, points inside its grids. */
public final class Subdistricts {
  public static final Path EXAMPLE = Path.of("conf/example-xinhua");

  private Subdistricts() {}

  /** Migrates the database and imports the directory into it, as {@code import DIR} does (hashes made cheap for tests). */
  public static SubdistrictImport.Outcome importInto(Vertx vertx, String pgUri, Path dir) {
    Database.migrate(pgUri, Vocabulary.sql());
    Pool pool = Database.pool(vertx, pgUri, 2, "test-import-" + System.nanoTime());
    try {
      return SubdistrictImport.run(vertx, pool, new SubdistrictWriter(vertx, new Passwords(1000), Clock.systemUTC()),
          SubdistrictFiles.directory(dir)).await();
    } finally {
      pool.close().await();
    }
  }

  /** A copy of the example in a temporary directory, to change. */
  public static Path copyOfExample() throws IOException {
    Path dir = TestData.directory("subdistrict-");
    try (Stream<Path> files = Files.list(EXAMPLE)) {
      for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
    }
    return dir;
  }

  public static JsonObject read(Path file) {
    try {
      return new JsonObject(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonArray readArray(Path file) {
    try {
      return new JsonArray(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static void write(Path file, Object json) {
    try {
      Files.writeString(file, json instanceof JsonObject o ? o.encodePrettily() : ((JsonArray) json).encodePrettily());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The feature of the grid in a FeatureCollection. */
  public static JsonObject feature(JsonObject grids, String gridId) {
    for (Object o : grids.getJsonArray("features")) {
      JsonObject f = (JsonObject) o;
      if (gridId.equals(f.getJsonObject("properties").getString("id"))) return f;
    }
    throw new IllegalArgumentException(gridId);
  }

  /** A point well inside the geometry: {lat, lon}. */
  public static double[] inside(Geometry shape) {
    Point p = shape.getInteriorPoint();
    return new double[] {p.getY(), p.getX()};
  }

  public static double[] inside(JsonObject grids, String gridId) {
    return inside(GridGeometry.read(feature(grids, gridId).getJsonObject("geometry")));
  }

  /** A JTS polygon as a GeoJSON Polygon geometry. */
  public static JsonObject geoJson(Polygon polygon) {
    JsonArray rings = new JsonArray().add(ring(polygon.getExteriorRing().getCoordinates()));
    for (int i = 0; i < polygon.getNumInteriorRing(); i++) rings.add(ring(polygon.getInteriorRingN(i).getCoordinates()));
    return new JsonObject().put("type", "Polygon").put("coordinates", rings);
  }

  private static JsonArray ring(Coordinate[] coords) {
    JsonArray out = new JsonArray();
    for (Coordinate c : coords) out.add(new JsonArray().add(c.x).add(c.y));
    return out;
  }
}
