/**
 * The database: the embedded PostgreSQL a newcomer and the tests use (passwords on every connection,
 * started again if it dies), the connection pools (every call of a node's pools bounded in time), and
 * the versioned schema migrations (Flyway, {@code src/main/resources/db/migration}).
 */
package org.griddispatch.store;
