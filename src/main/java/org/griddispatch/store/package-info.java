/**
 * The database: the embedded PostgreSQL a newcomer and the tests use, the connection pool, and the
 * versioned schema migrations (Flyway, {@code src/main/resources/db/migration}).
 */
package org.griddispatch.store;
