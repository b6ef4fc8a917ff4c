/** Deadlines: when a ticket must be responded to and resolved, from its category's SLA policy. */
package org.griddispatch.sla;
