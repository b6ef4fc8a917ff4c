/**
 * Deadlines: when a ticket must be responded to and resolved (its category's SLA policy on the
 * working calendar), its clocks in the deadlines table ({@code Clocks}, their one writer), the
 * verticle that fires due steps through {@code ticket.TicketChanges}, and the supervision board.
 */
package org.griddispatch.sla;
