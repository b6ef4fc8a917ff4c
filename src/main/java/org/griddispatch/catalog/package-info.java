/** The subdistrict's catalogues: departments, report categories with their SLA policy, one-window service items. */
package org.griddispatch.catalog;
