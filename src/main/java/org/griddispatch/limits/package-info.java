/**
 * Abuse limits: how many times a client address, an account, a phone or a place may do something
 * in a window of time, the lockout of an account after failed sign-ins, and the 429 with
 * {@code Retry-After} and the audit row when one trips. Counts by client address live in each node's
 * memory; counts by account, phone or place live in the database, so that every node agrees. Knows
 * nothing of tickets or users: the features say what to count.
 */
package org.griddispatch.limits;
