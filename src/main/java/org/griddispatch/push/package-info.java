/**
 * Live push over WebSocket. One feeder per cluster (the holder of a PostgreSQL advisory lock) reads
 * committed events in a commit-safe order and publishes them on the clustered event bus; every node
 * delivers them to its own sockets by topic, and serves resumption from a cursor out of the
 * database, so a reconnecting terminal loses nothing and sees nothing twice.
 *
 * <p>Order: events are streamed by (writing transaction id, event id), and only once every
 * transaction with a lower id has finished ({@code tx < pg_snapshot_xmin(pg_current_snapshot())}).
 * A transaction that commits late can therefore never slip in behind a position already handed out.
 *
 * <p>The node's own short cut ({@link org.griddispatch.common.LocalCommits}): a writer whose commit has
 * been acknowledged, and whose statement found no other transaction running or begun before it, hands
 * its events to this node's {@link org.griddispatch.push.LiveStream}s with the position right before
 * them. A stream delivers them only where they continue it exactly (so in the same order, and never one
 * whose commit failed), holds them until it gets there otherwise, and drops them, or the feeder's copy,
 * as already delivered; other nodes and resuming terminals still go by the feeder's stream.
 *
 * <p>On a node, {@link org.griddispatch.push.SocketHub} accepts the sockets; each
 * {@link org.griddispatch.push.Session} asks it for what it needs only through
 * {@link org.griddispatch.push.Hub}: whether it may follow a {@link org.griddispatch.push.Topic}, the
 * topic's events from the {@link org.griddispatch.push.LiveStream}, and a
 * {@link org.griddispatch.push.Replay} of what it missed.
 */
package org.griddispatch.push;
