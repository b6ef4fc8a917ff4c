package org.griddispatch.common;

/**
 * Every event-bus address, written once. A body that crosses packages has one record that builds and
 * parses it ({@link TicketCommitted}, {@link FeedBatch}, {@link UserChanged}); the announcements' stays inside {@code push}.
 */
public final class Addresses {
  private Addresses() {}

  /**
   * publish (clustered): a ticket change was committed ({@code ticket.TicketChanges}, intake). Wakes the
   * cluster's feeder. Body: {@link TicketCommitted}.
   */
  public static final String PUSH_WAKE = "push.wake";
  /**
   * publish (clustered): the feeder's ordered stream; each node delivers it to its own sockets and
   * follows it for its open reports. Body: {@link FeedBatch}.
   */
  public static final String PUSH_EVENTS = "push.events";
  /** publish (clustered): a policy notice for residents' sockets. */
  public static final String PUSH_ANNOUNCEMENTS = "push.announcements";
  /** publish (clustered): an account changed; every node re-checks its tokens and sockets. Body: {@link UserChanged}. */
  public static final String USERS_CHANGED = "users.changed";
  /** publish (clustered): the token signing keys were rotated; every node reads them again. Body: the new kid. */
  public static final String KEYS_CHANGED = "auth.keys.changed";
  /** publish (clustered): grid polygons or their workers changed; every node rebuilds its index. */
  public static final String GRIDS_CHANGED = "grids.changed";
  /**
   * publish (clustered): an admin changed the catalogue (a category, department, service item or the
   * working calendar); every node reads it again. Body: the catalogue's new version (a number).
   */
  public static final String CATALOG_CHANGED = "catalog.changed";
}
