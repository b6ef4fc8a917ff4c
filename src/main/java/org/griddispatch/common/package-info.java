/** Pieces every feature shares: the API error type, event-bus addresses, small JSON helpers. */
package org.griddispatch.common;
