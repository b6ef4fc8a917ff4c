/**
 * The HTTP surface: the router, authentication of requests, the REST routes of API.md, health and
 * metrics. Handlers parse and check the request's shape, then file reports through this verticle's
 * own intake, ask the workflow verticle over the event bus (other writes) or read through the
 * feature's query class (reads).
 */
package org.griddispatch.http;
