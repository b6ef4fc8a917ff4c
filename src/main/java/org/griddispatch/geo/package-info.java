/**
 * Geo-routing: the grid polygons held in memory in a JTS spatial index, so a point finds its grid in
 * microseconds; rebuilt on every node when grids change.
 */
package org.griddispatch.geo;
