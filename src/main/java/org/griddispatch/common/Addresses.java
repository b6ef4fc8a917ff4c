package org.griddispatch.common;

/** Every event-bus address, written once. */
public final class Addresses {
  private Addresses() {}

  /** request/reply: create a ticket from a validated request. */
  public static final String TICKETS_CREATE = "tickets.create";
  /** request/reply: apply a workflow action to a ticket. */
  public static final String TICKETS_ACT = "tickets.act";
  /** publish (clustered): a ticket's events were committed; body {ticketId, events:[…], ticket}. */
  public static final String TICKETS_EVENTS = "tickets.events";
  /** request/reply: find the grid of a point; body {lat, lon}. */
  public static final String GEO_LOCATE = "geo.locate";
  /** publish (clustered): grid polygons or their workers changed; every node rebuilds its index. */
  public static final String GRIDS_CHANGED = "grids.changed";
}
