/**
 * The ticket as stored and as shown: the row-to-JSON mapping, who may see which ticket (and whose
 * phone number), the read queries, and the timeline writer every change goes through.
 */
package org.griddispatch.ticket;
