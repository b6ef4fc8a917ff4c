package org.griddispatch.geo;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

import java.util.ArrayList;
import java.util.List;

/**
 * The pairs of grids that overlap beyond a shared border. Neighbours share an edge, whose
 * intersection has no area; floating-point noise along a border leaves slivers far below
 * {@link #SLIVER} of the smaller grid, while a real overlap, even a few square metres, is above it.
 */
final class Overlaps {
  /** The share of the smaller grid's area above which two grids overlap. */
  static final double SLIVER = 1e-6;
  /** Metres in a degree of latitude, for telling a person how large an overlap is. */
  private static final double METERS_PER_DEGREE = 111_320.0;

  record Overlap(int first, int second, double squareMeters) {}

  private Overlaps() {}

  /** Every overlapping pair of the shapes (by index, first < second); null shapes are skipped. */
  static List<Overlap> among(List<Geometry> shapes) {
    STRtree tree = new STRtree();
    for (int i = 0; i < shapes.size(); i++) {
      if (shapes.get(i) != null) tree.insert(shapes.get(i).getEnvelopeInternal(), i);
    }
    List<Overlap> found = new ArrayList<>();
    for (int i = 0; i < shapes.size(); i++) {
      Geometry a = shapes.get(i);
      if (a == null) continue;
      for (Object o : tree.query(a.getEnvelopeInternal())) {
        int j = (Integer) o;
        if (j <= i) continue;
        Geometry b = shapes.get(j);
        double common = OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION).getArea();
        if (common > SLIVER * Math.min(a.getArea(), b.getArea())) found.add(new Overlap(i, j, squareMeters(common, a)));
      }
    }
    found.sort(java.util.Comparator.comparingInt(Overlap::first).thenComparingInt(Overlap::second));
    return found;
  }

  private static double squareMeters(double squareDegrees, Geometry near) {
    double lat = Math.toRadians(near.getEnvelopeInternal().centre().y);
    return squareDegrees * METERS_PER_DEGREE * METERS_PER_DEGREE * Math.cos(lat);
  }
}
