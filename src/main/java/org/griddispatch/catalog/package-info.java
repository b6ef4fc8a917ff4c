/**
 * The subdistrict's catalogue: departments, report categories with their SLA policy, one-window
 * service items and the working calendar, as one immutable snapshot ({@code Catalog}) at a version.
 * Each node holds its current snapshot ({@code CurrentCatalog}), which {@code CatalogVerticle} reads
 * again when the version moves on; the rules an entry must meet ({@code CategoryRules}, {@code DepartmentRules},
 * {@code ServiceRules}, {@code CalendarRules}: the same for an admin's change and a subdistrict's
 * import) and how it is stored ({@code CatalogEntry}, {@code CatalogStore}) are here, the admin's
 * routes in {@code admin}.
 */
package org.griddispatch.catalog;
