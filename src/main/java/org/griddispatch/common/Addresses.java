package org.griddispatch.common;

/** Every event-bus address, written once. */
public final class Addresses {
  private Addresses() {}

  /**
   * publish (clustered): events were committed. Wakes the cluster's feeder. Body: the ticket as
   * committed (the feeder then need not read it back), or its id, or any string.
   */
  public static final String PUSH_WAKE = "push.wake";
  /**
   * publish (clustered): the feeder's ordered stream, {from, to, events:[…], tickets:{id: record}};
   * each node delivers it to its own sockets.
   */
  public static final String PUSH_EVENTS = "push.events";
  /** publish (clustered): a policy notice for residents' sockets. */
  public static final String PUSH_ANNOUNCEMENTS = "push.announcements";
  /** publish (clustered): grid polygons or their workers changed; every node rebuilds its index. */
  public static final String GRIDS_CHANGED = "grids.changed";
}
