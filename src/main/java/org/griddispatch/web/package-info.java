/**
 * HTTP plumbing below every feature: reading a request's body and query, answering JSON and the
 * contract's errors, and the node's draining flag. Knows nothing of tickets, users or roles.
 */
package org.griddispatch.web;
