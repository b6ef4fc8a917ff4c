package org.griddispatch.open311;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.open311.QueryParameters.RequestFilter;
import org.griddispatch.open311.QueryParameters.TimeWindow;

import java.util.UUID;

/**
 * The SQL behind Open311: issue tickets as service requests (with the latest resolution note and the
 * agency responsible), a ticket's number by its id, and the public steps of tickets as updates.
 */
final class Open311Queries {
  /** The most rows one answer carries: the largest page of requests, and the most updates. */
  static final int MAX_ROWS = 1000;

  /**
   * What the public may know of a request's progress: its steps, and the handler's resolution note.
   * Comments, reasons (returns, reopenings, holds, urgings) and one-window applications stay private.
   */
  private static final String[] PUBLIC_EVENTS = {"created", "assigned", "accepted", "whistled", "reported", "reassigned",
      "resolved", "reopened", "closed", "merged", "cancelled"};

  private static final String REQUEST_COLUMNS = """
      t.id, t.number, t.status, t.category, t.service_code, t.description, t.address, t.lat, t.lon, t.created_at,
      t.updated_at, t.resolve_by,
      CASE WHEN t.resolution_note IS NOT NULL THEN t.resolution_note
           -- resolved before the note was kept on the ticket (V113): from its timeline
           WHEN t.resolved_at IS NOT NULL OR t.reopen_count > 0 THEN
             (SELECT e.data->>'note' FROM ticket_events e WHERE e.ticket_id = t.id AND e.type = 'resolved'
              ORDER BY e.seq DESC LIMIT 1) END AS status_notes,
      coalesce((SELECT string_agg(d.name, ', ' ORDER BY d.id) FROM departments d WHERE d.id = ANY(t.dept_ids)),
               (SELECT g.name FROM grids g WHERE g.id = t.grid_id), '城厢街道综治中心') AS agency""";

  /** Each filter applies only when its parameter is not null. */
  private static final String REQUESTS = "SELECT " + REQUEST_COLUMNS + " FROM tickets t WHERE t.kind = 'issue'"
      + " AND ($1::text[] IS NULL OR t.number = ANY($1))"
      + " AND ($2::text[] IS NULL OR coalesce(t.category, t.service_code) = ANY($2))"
      + " AND ($3::timestamptz IS NULL OR t.created_at >= $3) AND ($4::timestamptz IS NULL OR t.created_at <= $4)"
      + " AND ($5::text[] IS NULL OR (t.status = ANY($5)) = $6)"
      + " AND ($7::timestamptz IS NULL OR t.updated_at > $7) AND ($8::timestamptz IS NULL OR t.updated_at < $8)"
      + "%s ORDER BY t.created_at DESC, t.id DESC LIMIT $9 OFFSET $10";

  /**
   * Open requests: said in the words of the index of open tickets, which years of closed ones do not
   * fill. Open311's open is the vocabulary's open (checked here once).
   */
  private static final String OPEN_ONLY = " AND t.status = ANY (vocabulary.open_states())";

  static {
    var open = org.griddispatch.ticket.Vocabulary.STATES.stream().filter(s -> !Open311Mapper.CLOSED_STATUSES.contains(s))
        .collect(java.util.stream.Collectors.toSet());
    if (!open.equals(org.griddispatch.ticket.Vocabulary.OPEN)) throw new IllegalStateException("Open311's open is not the vocabulary's open");
  }

  private static final String UPDATES = """
      SELECT e.id, t.number, t.status, t.category, e.type, e.at,
             CASE WHEN e.type = 'resolved' THEN coalesce(e.data->>'note', '') ELSE '' END AS note
      FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
      WHERE e.at >= $1 AND e.at <= $2 AND t.kind = 'issue' AND e.type = ANY($4)
      ORDER BY e.at, e.id LIMIT $3""";

  private final Pool pool;

  Open311Queries(Pool pool) { this.pool = pool; }

  /**
   * The filters that are given, said once more without "or absent": each combination is then a
   * statement of its own, whose plan (the generic one PostgreSQL settles on after a few calls
   * included) can find the numbers by their index, a service's requests by its own (V112) and start
   * at the period's end, where a plan for "any filter or none" walked the tickets newest first (50 ms
   * for one request at 10^5 tickets, and growing with the history).
   */
  private static String plain(RequestFilter filter) {
    StringBuilder out = new StringBuilder();
    if (!filter.ids().isEmpty()) out.append(" AND t.number = ANY($1)");
    if (!filter.serviceCodes().isEmpty()) out.append(" AND coalesce(t.category, t.service_code) = ANY($2)");
    if (filter.start() != null) out.append(" AND t.created_at >= $3");
    if (filter.end() != null) out.append(" AND t.created_at <= $4");
    if (Boolean.FALSE.equals(filter.closed())) out.append(OPEN_ONLY);
    return out.toString();
  }

  /** Issue tickets matching the filter, newest first, one page of them. */
  Future<RowSet<Row>> requests(RequestFilter filter) {
    Tuple params = Tuple.tuple()
        .addValue(filter.ids().isEmpty() ? null : filter.ids().toArray(String[]::new))
        .addValue(filter.serviceCodes().isEmpty() ? null : filter.serviceCodes().toArray(String[]::new))
        .addValue(filter.start()).addValue(filter.end())
        .addValue(filter.closed() == null ? null : Open311Mapper.CLOSED_STATUSES.toArray(String[]::new))
        .addValue(Boolean.TRUE.equals(filter.closed()))
        .addValue(filter.updatedAfter()).addValue(filter.updatedBefore())
        .addValue(filter.pageSize()).addValue(filter.offset());
    return pool.preparedQuery(REQUESTS.formatted(plain(filter))).execute(params);
  }

  /** The id and status of the ticket with this number, or null when there is none. */
  Future<Row> ticketByNumber(String number) {
    return pool.preparedQuery("SELECT id, status FROM tickets WHERE number = $1").execute(Tuple.of(number))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  /** The id of the ticket's latest timeline event: what an update POSTed to it became. */
  Future<Long> latestEvent(UUID ticketId) {
    return pool.preparedQuery("SELECT max(id) FROM ticket_events WHERE ticket_id = $1").execute(Tuple.of(ticketId))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  /** The number of the ticket with this id, or null when there is none. */
  Future<String> ticketNumber(UUID ticketId) {
    return pool.preparedQuery("SELECT number FROM tickets WHERE id = $1").execute(Tuple.of(ticketId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString(0));
  }

  /** The public steps of issue tickets in the window, oldest first, at most {@value #MAX_ROWS}; a resolution carries its note. */
  Future<RowSet<Row>> updates(TimeWindow window) {
    return pool.preparedQuery(UPDATES).execute(Tuple.of(window.start(), window.end(), MAX_ROWS, PUBLIC_EVENTS));
  }
}
