/**
 * Open311 GeoReport v2 under {@code /open311/v2}: the report categories as services (one-window
 * applications are personal and stay off it), tickets as service requests (filed through the same
 * intake, channel {@code open311}), in JSON and XML, with the common extensions (paging,
 * updated_after/before, mySociety's servicerequestupdates). Reading requests takes an integration's
 * api_key, unless the jurisdiction publishes a public feed.
 *
 * <p>{@link org.griddispatch.open311.Open311Api} routes and writes each {@link org.griddispatch.open311.Answer}
 * as JSON or {@link org.griddispatch.open311.Xml}; {@link org.griddispatch.open311.ServiceRequests}
 * answers the request resources, for the caller {@link org.griddispatch.open311.Callers} names;
 * {@link org.griddispatch.open311.Open311Mapper} gives Open311's shapes (through
 * {@link org.griddispatch.open311.PublicFeed} for the public), {@link org.griddispatch.open311.ServiceRequestForm}
 * turns a POSTed form into a ticket, {@link org.griddispatch.open311.QueryParameters} reads the query
 * and {@link org.griddispatch.open311.Open311Queries} holds the SQL.
 */
package org.griddispatch.open311;
