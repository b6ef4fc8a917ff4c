/**
 * Geo-routing: the grid polygons held in memory in a JTS spatial index, so a point finds its grid in
 * microseconds; rebuilt on every node when grids change. Also what a grid set may be
 * ({@code GridSet}: valid polygons, none overlapping another) and how one replaces another
 * ({@code GridStore}: grids left out stay, inactive, for their tickets).
 */
package org.griddispatch.geo;
