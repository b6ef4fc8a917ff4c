package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Keyset;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of tickets and timelines, always through the reader's {@link Scope}. */
public final class TicketQueries {
  private final Pool pool;

  public TicketQueries(Pool pool) { this.pool = pool; }

  /** The ticket's internal record if it exists and the actor may see it. */
  public Future<JsonObject> visible(Actor actor, String id) {
    UUID uuid = parseId(id);
    if (uuid == null) return Future.failedFuture(ApiError.notFound("Ticket"));
    return pool.preparedQuery("SELECT " + TicketRecord.COLUMNS + " FROM tickets WHERE id = $1").execute(Tuple.of(uuid))
        .compose(rows -> {
          Optional<JsonObject> t = rows.size() == 0 ? Optional.empty() : Optional.of(TicketRecord.fromRow(rows.iterator().next()));
          return t.filter(x -> Scope.canSee(actor, x)).map(Future::succeededFuture)
              .orElseGet(() -> Future.failedFuture(ApiError.notFound("Ticket")));
        });
  }

  public Future<JsonArray> events(Actor actor, String id, int afterSeq) {
    return visible(actor, id).compose(t -> pool.preparedQuery("""
            SELECT seq, type, at, actor_id, actor_role, actor_name, data FROM ticket_events
            WHERE ticket_id = $1 AND seq > $2 ORDER BY seq""")
        .execute(Tuple.of(UUID.fromString(id), afterSeq))
        .map(rows -> {
          JsonArray out = new JsonArray();
          rows.forEach(r -> out.add(TicketView.event(Timeline.toJson(r), t, actor)));
          return out;
        }));
  }

  /**
   * Resolved or closed, its caller had no resident account (hotline, window, Open311; a worker's
   * patrol report has no caller), not yet rated and its caller not yet reached: the centre's return
   * visits (回访) still to make. Stats count the same tickets.
   */
  public static final String AWAITING_VISIT = "(status IN ('resolved', 'closed') AND reporter_id IS NULL AND channel <> 'patrol'"
      + " AND rating IS NULL AND visited_at IS NULL)";

  /** What a listing is waiting for ({@code awaiting=}): the condition of each. */
  public static final java.util.Map<String, String> AWAITING = java.util.Map.of("visit", AWAITING_VISIT,
      // a bad rating a supervisor has not reviewed yet (差评复核)
      "review", "(rating = 'bad' AND rating_review IS NULL)");

  /** A listing's filters; {@code awaiting} a key of {@link #AWAITING}, {@code q} a search ({@link Search}). */
  public record Filter(List<String> statuses, String gridId, String deptId, boolean mine, int limit, String cursor, String awaiting,
                       String q) {
    public Filter(List<String> statuses, String gridId, String deptId, boolean mine, int limit, String cursor) {
      this(statuses, gridId, deptId, mine, limit, cursor, null, null);
    }
  }

  /** A page of tickets, newest first: {items, nextCursor}. Items are internal records. */
  public Future<JsonObject> list(Actor actor, Filter filter) {
    String order = " ORDER BY created_at DESC, id DESC LIMIT ";
    if (filter.q() == null) {
      List<Object> params = new ArrayList<>();
      String sql = "SELECT " + TicketRecord.COLUMNS + " FROM (" + newestSql(actor, filter, params, filter.limit() + 1) + ") AS tickets" + order
          + (filter.limit() + 1);
      return page(sql, params, filter.limit());
    }
    List<Object> params = new ArrayList<>();
    String where = scoped(actor, Scope.sqlCondition(actor, params)) + filters(actor, filter, params);
    String search = Search.condition(filter.q(), params, true);
    String limit = Scope.param(params, filter.limit() + 1);
    String everywhere = "SELECT " + TicketRecord.COLUMNS + " FROM " + where + " AND " + search + order + limit;
    if (Search.kind(filter.q()) != Search.Kind.WORDS) return page(everywhere, params, filter.limit());
    // Words found in many tickets fill a page from the newest few thousand at once (checked by LIKE
    // alone, row by row, stopping at a full page), where gathering every match through the index and
    // sorting them would read them all; rarer words fall through to the index (docs/performance.md).
    List<Object> newestParams = new ArrayList<>();
    String scoped = newestSql(actor, filter, newestParams, NEWEST_FIRST);
    String exact = Search.condition(filter.q(), newestParams, false);
    String newest = "SELECT " + TicketRecord.COLUMNS + " FROM (" + scoped + ") AS tickets WHERE " + exact + order
        + Scope.param(newestParams, filter.limit() + 1);
    return pool.preparedQuery(newest).execute(Tuple.from(newestParams)).compose(rows -> rows.size() > filter.limit()
        ? Future.succeededFuture(page(rows, filter.limit())) : page(everywhere, params, filter.limit()));
  }

  /**
   * The newest {@code n} tickets in the actor's scope that pass the filter, every column. A scope of
   * several parts (a worker's grids, what is assigned to them elsewhere) is read part by part, each
   * in created order from its own index, and merged: one condition with OR would gather every
   * ticket of the scope and sort them all (docs/performance.md, "Search at a million tickets";
   * bench/search times both).
   */
  public static String newestSql(Actor actor, Filter filter, List<Object> params, int n) {
    if (actor.role() == org.griddispatch.auth.Role.DEPT_STAFF && actor.deptId() != null) return departmentNewestSql(actor, filter, params, n);
    List<Scope.Part> parts = Scope.orderedParts(actor, params);
    String rest = filters(actor, filter, params);
    String order = " ORDER BY created_at DESC, id DESC LIMIT " + n;
    if (parts.size() == 1) return "SELECT * FROM " + scoped(actor, parts.get(0).condition()) + rest + order;
    List<String> selects = new ArrayList<>();
    for (Scope.Part part : parts) {
      String where = part.condition() + rest;
      // a sparse part finds its ids on the index first, where reading each row it walks would cost more
      if (part.sparse()) where = "id IN (SELECT id FROM tickets WHERE " + where + order + ")";
      selects.add("(SELECT * FROM tickets WHERE " + where + order + ")");
    }
    return "SELECT * FROM (" + String.join(" UNION ALL ", selects) + ") AS scoped" + order;
  }

  /**
   * A department's staff: the department's calls walked newest first on their own index (migration
   * V111), each ticket read by its id and kept when it passes the filters, until {@code n}. The same
   * tickets as the scope's condition (a department in {@code dept_ids} has its call), where walking the
   * tickets' index of every department's calls, or gathering the department's whole history and
   * sorting it, read far more.
   */
  private static String departmentNewestSql(Actor actor, Filter filter, List<Object> params, int n) {
    String dept = Scope.param(params, actor.deptId());
    String after = afterCursor(filter, "filed_at", "ticket_id", params);
    String rest = filters(actor, filter, params);
    return "SELECT t.* FROM (SELECT ticket_id, filed_at FROM ticket_departments WHERE dept_id = " + dept + after
        + " ORDER BY filed_at DESC, ticket_id DESC) AS called"
        // LIMIT 1 (one ticket an id) keeps the planner from turning the walk into a join of the whole history
        + " CROSS JOIN LATERAL (SELECT * FROM tickets WHERE id = called.ticket_id" + rest + " LIMIT 1) AS t"
        + " ORDER BY called.filed_at DESC, called.ticket_id DESC LIMIT " + n;
  }

  /**
   * The tickets of the scope {@code condition}, as {@code FROM … WHERE …} to which filters are added.
   * A resident sees a few tickets of their own: those are found first (their reporter and followers'
   * indexes) and ordered after; ordered first, the newest of the whole history would be read through
   * for them (docs/performance.md#years-of-history).
   */
  private static String scoped(Actor actor, String condition) {
    return actor.role() == org.griddispatch.auth.Role.RESIDENT
        ? "(SELECT * FROM tickets WHERE " + condition + " OFFSET 0) AS tickets WHERE true"
        : "tickets WHERE " + condition;
  }

  /** The listing's filters after its scope, each starting with AND. */
  private static String filters(Actor actor, Filter filter, List<Object> params) {
    StringBuilder where = new StringBuilder();
    if (!filter.statuses().isEmpty()) where.append(" AND status = ANY(").append(Scope.param(params, filter.statuses().toArray(String[]::new))).append(")");
    // work in hand: said in the words of the indexes of the tickets not yet ended, which years of closed ones do not fill
    if (!filter.statuses().isEmpty() && filter.statuses().stream().noneMatch(Vocabulary.ENDED::contains)) where.append(" AND ").append(CURRENT);
    if (filter.gridId() != null) where.append(" AND grid_id = ").append(Scope.param(params, filter.gridId()));
    if (filter.deptId() != null) where.append(" AND ").append(Scope.calledIn(Scope.param(params, filter.deptId())));
    if (filter.mine()) {
      String me = Scope.param(params, actor.id());
      where.append(" AND (assignee_id = ").append(me).append(" OR reporter_id = ").append(me)
          .append(" OR created_by = ").append(me).append(")");
    }
    if (filter.awaiting() != null) where.append(" AND ").append(AWAITING.get(filter.awaiting()));
    return where.append(afterCursor(filter, "created_at", "id", params)).toString();
  }

  /** Past the page before: {@code AND (<at>, <id>) < (cursor's time, cursor's ticket)}; nothing without a cursor. */
  private static String afterCursor(Filter filter, String at, String id, List<Object> params) {
    if (filter.cursor() == null) return "";
    Keyset c = Keyset.decode(filter.cursor());
    UUID after = parseId(c.key());
    if (after == null) throw Keyset.invalid();
    return " AND (" + at + ", " + id + ") < (" + Scope.param(params, c.at()) + ", " + Scope.param(params, after) + ")";
  }

  /** Not ended: the condition of the indexes of current tickets (V106). */
  static final String CURRENT = "status <> ALL (vocabulary.ended_states())";

  /** How many of the newest tickets a word search looks through first ({@link #list}). */
  static final int NEWEST_FIRST = 10_000;

  private Future<JsonObject> page(String sql, List<Object> params, int limit) {
    return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> page(rows, limit));
  }

  private static JsonObject page(io.vertx.sqlclient.RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    Row last = null;
    int n = 0;
    for (Row r : rows) {
      if (n++ == limit) break;
      items.add(TicketRecord.fromRow(r));
      last = r;
    }
    String next = rows.size() > limit && last != null
        ? new Keyset(last.getOffsetDateTime("created_at"), last.getUUID("id").toString()).encode() : null;
    return new JsonObject().put("items", items).put("nextCursor", next);
  }

  /** Nearby reports' distances are told in bands of this many metres, never to the metre. */
  /** How far the nearby reports reach (a resident's "is it one of these?", and the reports they may follow). */
  public static final double NEARBY_METERS = 250;

  static final int NEARBY_BAND_METERS = 50;

  /**
   * Open tickets of the category within {@code meters}, nearest band first and newest first within a
   * band: number, status, a short description, the distance as its band; never the ticket's point.
   */
  public Future<JsonArray> nearby(String category, double lat, double lon, double meters, boolean withText) {
    double[] box = org.griddispatch.geo.Distances.box(lat, lon, meters);
    return pool.preparedQuery("SELECT number, status, category, description, lat, lon, created_at FROM tickets"
            + " WHERE category = $1 AND status = ANY($2) AND lat BETWEEN $3 AND $4 AND lon BETWEEN $5 AND $6"
            + " ORDER BY created_at DESC LIMIT 50")
        .execute(Tuple.of(category, Vocabulary.OPEN.toArray(String[]::new), box[0], box[1], box[2]).addValue(box[3]))
        .map(rows -> {
          java.util.List<JsonObject> found = new ArrayList<>();
          for (Row r : rows) {
            double d = org.griddispatch.geo.Distances.meters(lat, lon, r.getDouble("lat"), r.getDouble("lon"));
            if (d > meters) continue;
            String text = r.getString("description");
            found.add(new JsonObject().put("number", r.getString("number")).put("status", r.getString("status"))
                .put("category", r.getString("category"))
                .put("description", !withText ? null : text.length() > 60 ? text.substring(0, 60) + "…" : text)
                .put("distanceMeters", org.griddispatch.geo.Distances.band(d, NEARBY_BAND_METERS))
                .put("createdAt", org.griddispatch.common.Json.time(r.getOffsetDateTime("created_at"))));
          }
          // a stable sort keeps the query's newest-first order within a band: the order tells no finer distance
          found.sort(java.util.Comparator.comparingLong(o -> o.getLong("distanceMeters")));
          return new JsonArray(found);
        });
  }

  static UUID parseId(String id) {
    try {
      return id == null ? null : UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
