/**
 * A subdistrict as a whole: its grids, departments, categories with their SLA policy, one-window
 * service items and staff, read from files (the demo's, or an operator's for {@code import}),
 * checked completely before anything is written, then written in one transaction; and the admin's
 * replacement of the grid set ({@code PUT /admin/grids}), checked by the same {@code geo.GridSet}.
 */
package org.griddispatch.subdistrict;
