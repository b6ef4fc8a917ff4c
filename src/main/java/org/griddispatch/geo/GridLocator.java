package org.griddispatch.geo;

import java.util.List;

/**
 * This node's current grid index, shared by everything that routes by location. Lookups are plain
 * method calls on the caller's own thread (the index only reads), so routing a report costs no
 * hand-off between event loops; {@link GeoRoutingVerticle} swaps in a new index when grids change.
 */
public final class GridLocator {
  private volatile GridIndex index = new GridIndex(List.of());

  /** The grid covering the point, or null outside every grid. */
  public GridIndex.Grid locate(double lat, double lon) {
    return index.locate(lat, lon);
  }

  void replace(GridIndex next) {
    index = next;
  }
}
