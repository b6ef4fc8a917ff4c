package org.griddispatch.ticket;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;

import java.util.List;

/**
 * Who sees which ticket, written twice on purpose side by side: as a check on one ticket and as the
 * SQL condition of a listing. Keep the two in step.
 */
public final class Scope {
  private Scope() {}

  public static boolean canSee(Actor actor, JsonObject ticket) {
    if (actor.role().seesEverything()) return true;
    return switch (actor.role()) {
      case RESIDENT -> actor.id().equals(ticket.getString("reporterId")) || ticket.getJsonArray("followerIds").contains(actor.id());
      case GRID_WORKER -> actor.worksIn(ticket.getString("gridId")) || actor.id().equals(ticket.getString("assigneeId"))
          || ticket.getJsonArray("alertedIds", new io.vertx.core.json.JsonArray()).contains(actor.id()); // a backup told it went unseen
      case DEPT_STAFF -> actor.deptId() != null && ticket.getJsonArray("deptIds").contains(actor.deptId());
      case INTEGRATION -> actor.id().equals(ticket.getString("createdBy"));
      default -> false;
    };
  }

  /**
   * The listing condition for the actor; {@code params} receives its parameters, numbered from
   * {@code params.size() + 1}.
   */
  public static String sqlCondition(Actor actor, List<Object> params) {
    if (actor.role().seesEverything()) return "true";
    return switch (actor.role()) {
      case RESIDENT -> {
        String me = param(params, actor.id());
        yield "(reporter_id = " + me + " OR follower_ids @> ARRAY[" + me + "]::text[])";
      }
      case GRID_WORKER -> {
        String me = param(params, actor.id());
        yield "(grid_id = ANY(" + param(params, actor.gridIds().toArray(String[]::new)) + ") OR assignee_id = " + me
            + " OR alerted_ids @> ARRAY[" + me + "]::text[])";
      }
      case DEPT_STAFF -> actor.deptId() == null ? "false" : calledIn(param(params, actor.deptId()));
      case INTEGRATION -> "created_by = " + param(params, actor.id());
      default -> "false";
    };
  }

  /**
   * One of the disjoint parts of a listing's scope, read in created order by an index; {@code sparse}
   * when few of the rows its index walks match, so its rows are first found on the index alone.
   */
  public record Part(String condition, boolean sparse) {}

  /**
   * The same condition as disjoint parts, each of which an index reads in created order (migration
   * V82): for a grid worker one part per grid, then what is assigned to them outside their grids,
   * then what they were alerted to and neither. Every other role's condition is one part.
   */
  public static List<Part> orderedParts(Actor actor, List<Object> params) {
    if (actor.role() != Role.GRID_WORKER) return List.of(new Part(sqlCondition(actor, params), false));
    List<Part> parts = new java.util.ArrayList<>();
    for (String grid : actor.gridIds()) parts.add(new Part("grid_id = " + param(params, grid), false));
    String me = param(params, actor.id());
    String elsewhere = "coalesce(grid_id, '') <> ALL(" + param(params, actor.gridIds().toArray(String[]::new)) + ")";
    parts.add(new Part("assignee_id = " + me + " AND " + elsewhere, true));
    parts.add(new Part("alerted_ids <> '{}' AND alerted_ids @> ARRAY[" + me + "]::text[] AND " + elsewhere
        + " AND assignee_id IS DISTINCT FROM " + me, false));
    return parts;
  }

  /** Handlers of the ticket see the whole phone number; everyone else a masked one. */
  public static boolean seesPhone(Actor actor, JsonObject ticket) {
    if (actor.role() == Role.DISPATCHER || actor.role() == Role.ADMIN) return true;
    if (actor.id().equals(ticket.getString("reporterId")) || actor.id().equals(ticket.getString("createdBy"))) return true;
    if (actor.id().equals(ticket.getString("assigneeId"))) return true;
    return activeDepartment(actor, ticket);
  }

  /** Staff of a department called to the ticket and not released from it. */
  public static boolean activeDepartment(Actor actor, JsonObject ticket) {
    if (actor.role() != Role.DEPT_STAFF || actor.deptId() == null || !ticket.getJsonArray("deptIds").contains(actor.deptId())) {
      return false;
    }
    for (Object o : ticket.getJsonArray("departments", new io.vertx.core.json.JsonArray())) {
      JsonObject d = (JsonObject) o;
      if (actor.deptId().equals(d.getString("deptId"))) return d.getValue("releasedAt") == null;
    }
    return true;
  }

  /**
   * A resident who follows the ticket because their own report was merged into it, not its
   * reporter: they see its progress, not the other resident's words, place, photos or contact.
   */
  public static boolean followerOnly(Actor actor, JsonObject ticket) {
    return actor.role() == Role.RESIDENT && !actor.id().equals(ticket.getString("reporterId"))
        && ticket.getJsonArray("followerIds", new io.vertx.core.json.JsonArray()).contains(actor.id());
  }

  /** Tickets the department (a parameter) was called to, in the words of the index of called tickets (V106). */
  static String calledIn(String dept) {
    return "(cardinality(dept_ids) > 0 AND dept_ids @> ARRAY[" + dept + "]::text[])";
  }

  /** Adds a parameter and answers its placeholder ({@code $n}). */
  public static String param(List<Object> params, Object value) {
    params.add(value);
    return "$" + params.size();
  }
}
