package org.griddispatch.push;

import io.vertx.core.Future;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.ticket.TicketQueries;

/**
 * A topic a socket follows: its {@code name} as the client writes it ({@code grid:<id>}, {@code dept:<id>},
 * {@code ticket:<id>}, {@code center}, {@code me}) and the {@code eventTopic} its events are stored under
 * in {@code ticket_events.topics} (the same, except {@code me}, which is {@code user:<id>}). Who may
 * follow which is decided here, in one place, as the REST routes decide who may see what.
 */
record Topic(String name, String eventTopic) {
  static final int MAX_NAME_LENGTH = 100;

  /** Whether a client's text can name a topic at all. */
  static boolean isNamed(String name) {
    return name != null && !name.isBlank() && name.length() <= MAX_NAME_LENGTH;
  }

  /**
   * The topic {@code name} stands for when {@code actor} may follow it, null when not; fails when
   * there is no such topic.
   */
  static Future<Topic> authorize(Actor actor, String name, TicketQueries tickets) {
    boolean all = actor.role().seesEverything();
    if (name.equals("me")) return Future.succeededFuture(new Topic(name, "user:" + actor.id()));
    if (name.equals("center")) return Future.succeededFuture(all ? new Topic(name, name) : null);
    int colon = name.indexOf(':');
    if (colon <= 0 || colon == name.length() - 1) return Future.failedFuture("unknown topic");
    String kind = name.substring(0, colon);
    String id = name.substring(colon + 1);
    Topic topic = new Topic(name, name);
    return switch (kind) {
      case "grid" -> Future.succeededFuture(all || (actor.has(Role.GRID_WORKER) && actor.worksIn(id)) ? topic : null);
      case "dept" -> Future.succeededFuture(all || (actor.has(Role.DEPT_STAFF) && id.equals(actor.deptId())) ? topic : null);
      case "ticket" -> tickets.visible(actor, id).map(t -> topic).otherwise((Topic) null);
      default -> Future.failedFuture("unknown topic");
    };
  }
}
