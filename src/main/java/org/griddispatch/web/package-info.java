/**
 * HTTP plumbing below every feature: reading a request's body and query, answering JSON and the
 * contract's errors, the node's draining flag, the client's address and scheme behind trusted
 * proxies, and the security headers every answer carries. Knows nothing of tickets, users or roles.
 */
package org.griddispatch.web;
