/**
 * Intake: a report from any channel becomes a ticket. Validates, makes retries idempotent, routes by
 * location, and stores the ticket with its first timeline events in one transaction.
 */
package org.griddispatch.intake;
