/**
 * Live push over WebSocket. One feeder per cluster (the holder of a PostgreSQL advisory lock) reads
 * committed events in a commit-safe order and publishes them on the clustered event bus; every node
 * delivers them to its own sockets by topic, and serves resumption from a cursor out of the
 * database, so a reconnecting terminal loses nothing and sees nothing twice.
 *
 * <p>Order: events are streamed by (writing transaction id, event id), and only once every
 * transaction with a lower id has finished ({@code tx < pg_snapshot_xmin(pg_current_snapshot())}).
 * A transaction that commits late can therefore never slip in behind a position already handed out.
 */
package org.griddispatch.push;
