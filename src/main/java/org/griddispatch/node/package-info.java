/**
 * The node's wiring, at the top of the layers: the HTTP verticle that builds the router from every
 * feature's routes (each feature mounts its own), health checks, and the pages. Nothing imports it
 * but {@code Server}.
 */
package org.griddispatch.node;
