/**
 * The workflow's decisions: each action a small pure function of the ticket, the actor and the
 * request, written in the section it belongs to (handling, departments, dispatch, merging, deadlines,
 * outcome, services) and registered in {@code Actions}. Who may take it and from which states is its
 * rule in {@code ticket.Vocabulary}; {@code ticket.TicketChanges} writes what it decides.
 */
package org.griddispatch.workflow;
