/**
 * Open311 GeoReport v2 under {@code /open311/v2}: the categories and one-window items as services,
 * tickets as service requests (filed through the same intake, channel {@code open311}), in JSON and
 * XML, with the common extensions (paging, updated_after/before, mySociety's servicerequestupdates).
 */
package org.griddispatch.open311;
