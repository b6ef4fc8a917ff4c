/**
 * The HTTP surface: the router, authentication of requests, the REST routes of API.md, health and
 * metrics. Handlers parse and check the request's shape, then ask the feature verticles over the
 * event bus (writes) or read through the feature's query class (reads).
 */
package org.griddispatch.http;
