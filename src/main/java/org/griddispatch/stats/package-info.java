/** Totals and the three rates (response, resolution, satisfaction) over a period, overall and per grid, department and category. */
package org.griddispatch.stats;
