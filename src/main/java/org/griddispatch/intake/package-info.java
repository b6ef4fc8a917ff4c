/**
 * Intake: a report from any channel becomes a ticket. Validates, makes retries idempotent, routes by
 * location, and stores the ticket with its first timeline events in one transaction. Counts a
 * resident's reports against the filing limits first.
 */
package org.griddispatch.intake;
