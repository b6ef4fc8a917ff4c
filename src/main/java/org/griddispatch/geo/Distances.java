package org.griddispatch.geo;

/** Distances on the ground, for "near" questions that need no grid: duplicates, nearby reports. */
public final class Distances {
  private Distances() {}

  /** The lat/lon box {minLat, maxLat, minLon, maxLon} around a point that holds every place within {@code meters}. */
  public static double[] box(double lat, double lon, double meters) {
    double dLat = meters / 111_320.0;
    double dLon = dLat / Math.max(0.01, Math.cos(Math.toRadians(lat)));
    return new double[] {lat - dLat, lat + dLat, lon - dLon, lon + dLon};
  }

  /** Great-circle distance in metres. */
  public static double meters(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dp = p2 - p1;
    double dl = Math.toRadians(lon2 - lon1);
    double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /**
   * A distance as the band it falls in, rounded up to a multiple of {@code width} (never 0): readings
   * from a few places then no longer pin down the point they were measured to.
   */
  public static long band(double meters, int width) {
    return Math.max(1, (long) Math.ceil(meters / width)) * width;
  }
}
