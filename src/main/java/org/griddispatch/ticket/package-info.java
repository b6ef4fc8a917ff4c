/**
 * The ticket: what it can be and what can be done to it ({@code Vocabulary}), the row-to-JSON
 * mapping, who may see which ticket (and whose phone number), its timeline, its photos, the read
 * queries and routes, and {@code TicketChanges}, the one way an existing ticket changes: every action,
 * deadline step, photo and merge is a {@code Decision} it writes with the timeline, clocks and audit in
 * one transaction.
 */
package org.griddispatch.ticket;
