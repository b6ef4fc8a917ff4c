/**
 * Administration of the catalogue while the platform runs: an admin puts categories (with their SLA
 * policy), departments, one-window service items and the working calendar, each change written
 * with its audit row and read again by every node within a second ({@code CatalogChanges}); and the
 * audit log's listing for admins and supervisors.
 */
package org.griddispatch.admin;
