/**
 * Pieces every feature shares: the API error type, field checks, small JSON and time helpers, and the
 * event-bus addresses with the records of the bodies that cross packages.
 */
package org.griddispatch.common;
