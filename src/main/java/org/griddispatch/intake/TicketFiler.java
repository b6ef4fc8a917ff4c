package org.griddispatch.intake;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.FeedBatch;
import org.griddispatch.common.Json;
import org.griddispatch.common.LocalCommits;
import org.griddispatch.sla.Clocks;
import org.griddispatch.store.WebhookOutbox;
import org.griddispatch.ticket.TicketRecord;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes new tickets: each with its number, its worker (the grid's least loaded on duty, else a
 * backup on duty), its "created" and "assigned" (or "merged") events, their webhook deliveries and its
 * clocks, in one statement. Reports arriving while earlier
 * ones are being written wait and go together in the next statement ({@link Batcher}), one transaction
 * for all of them: under load a commit (and its disk flush) serves many tickets, and each is
 * acknowledged only once it is committed. A statement that fails (a retry hitting a unique index) is
 * retried ticket by ticket.
 */
final class TicketFiler {
  /** One ticket to write: what intake decided about it. */
  record Filing(UUID id, OffsetDateTime at, TicketRequest request, String description, String priority, String gridId,
                String reporterId, String createdBy, String idempotencyKey, OffsetDateTime respondBy,
                OffsetDateTime resolveBy, String actorRole, String actorName, JsonObject createdData, UUID duplicateOf,
                List<UUID> candidates, JsonArray reasons, Clocks.Rows clocks, String assignTo, String assignName) {
    Filing notMerged() {
      return new Filing(id, at, request, description, priority, gridId, reporterId, createdBy, idempotencyKey, respondBy,
          resolveBy, actorRole, actorName, createdData, null, candidates, reasons, clocks, assignTo, assignName);
    }
  }

  /** The assignee a ticket's clocks are worked out for before routing has found one (see the statement's clocks). */
  static final String ROUTED = "(routed)";

  private static final String INSERT = """
      WITH input AS (
        SELECT * FROM unnest($3::uuid[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                             $10::text[], $11::text[], $12::text[], $13::float8[], $14::float8[], $15::text[], $16::text[],
                             $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::timestamptz[],
                             $23::timestamptz[], $24::text[], $25::text[], $26::jsonb[], $27::uuid[], $28::jsonb[], $29::jsonb[],
                             $38::text[], $39::text[], $40::jsonb[])
          AS i (id, at, kind, channel, category, service_code, service_mode, priority, description, address, lat, lon,
                contact_name, contact_phone, reporter_id, grid_id, created_by, external_id, idempotency_key, respond_by,
                resolve_by, actor_role, actor_name, created_data, duplicate_of, duplicate_candidates, attributes,
                assign_to, assign_name, duplicate_reasons)
      ), clock_input AS (
        SELECT * FROM unnest($30::uuid[], $31::text[], $32::text[], $33::timestamptz[], $34::boolean[], $35::boolean[],
                             $36::text[], $37::timestamptz[])
          AS d (ticket_id, clock, dept_id, deadline_at, working, paused, first_step, first_due)
      ), routed AS (
        SELECT i.*, coalesce(i.assign_to, p.id) AS worker_id, coalesce(i.assign_name, p.name) AS worker_name
        FROM input i -- on duty when filed, in the zone; a patrol report stays with the worker who found it
        LEFT JOIN LATERAL pick_worker(CASE WHEN i.assign_to IS NULL THEN i.grid_id END, i.at, $2::text) AS p ON true
      ), ins AS (
        INSERT INTO tickets (id, number, kind, status, channel, category, service_code, service_mode, priority,
                             description, address, lat, lon, contact_name, contact_phone, reporter_id, created_by,
                             grid_id, assignee_id, external_id, idempotency_key, version, seq, respond_by, resolve_by,
                             created_at, updated_at, duplicate_of, duplicate_candidates, attributes, escalation,
                             assignee_seen_at, duplicate_reasons)
        SELECT r.id, $1::text || '-' || to_char(r.at AT TIME ZONE $2::text, 'YYYYMMDD') || '-'
                     -- at least six digits, and every digit past a millionth ticket (lpad alone would cut them)
                     || regexp_replace(lpad(nextval('ticket_number_seq')::text, 20, '0'), '^0{1,14}', ''),
               r.kind, CASE WHEN r.duplicate_of IS NOT NULL THEN 'merged' WHEN r.worker_id IS NULL THEN 'received' ELSE 'assigned' END,
               r.channel, r.category, r.service_code, r.service_mode, r.priority, r.description, r.address, r.lat, r.lon,
               coalesce(r.contact_name, (SELECT name FROM users WHERE id = r.reporter_id)),
               coalesce(r.contact_phone, (SELECT phone FROM users WHERE id = r.reporter_id)),
               r.reporter_id, r.created_by, r.grid_id, CASE WHEN r.duplicate_of IS NULL THEN r.worker_id END, r.external_id,
               r.idempotency_key, 1, CASE WHEN r.duplicate_of IS NULL AND r.worker_id IS NULL THEN 1 ELSE 2 END,
               r.respond_by, r.resolve_by, r.at, r.at, r.duplicate_of,
               ARRAY(SELECT jsonb_array_elements_text(r.duplicate_candidates)::uuid), r.attributes,
               CASE WHEN r.duplicate_of IS NULL THEN escalation_of(ARRAY(SELECT c.first_step FROM clock_input c
                                                               WHERE c.ticket_id = r.id AND c.clock <> 'seen')) END,
               CASE WHEN r.assign_to IS NOT NULL THEN r.at END, -- who reports it on patrol has seen it
               coalesce(r.duplicate_reasons, '[]'::jsonb)
        FROM routed r
        RETURNING tickets.*, ticket_topics(tickets) AS topics -- once per ticket: its events share them
      ), events AS (
        INSERT INTO ticket_events (ticket_id, seq, type, at, actor_id, actor_role, actor_name, data, topics)
        SELECT ins.id, v.seq, v.type, ins.created_at, v.actor_id, v.actor_role, v.actor_name, v.data, ins.topics
        FROM ins JOIN routed r ON r.id = ins.id CROSS JOIN LATERAL (VALUES
          (1, 'created', r.created_by, r.actor_role, r.actor_name, r.created_data),
          (2, 'assigned', 'system', 'system', '自动分派',
           jsonb_build_object('gridId', ins.grid_id, 'assigneeId', ins.assignee_id,
                              'assigneeName', r.worker_name,
                              'reason', CASE WHEN r.assign_to IS NULL THEN 'routed by location' ELSE 'found on patrol' END)),
          (2, 'merged', 'system', 'system', '自动去重',
           jsonb_build_object('intoId', ins.duplicate_of, 'reason', 'automatic duplicate detection'))
        ) AS v (seq, type, actor_id, actor_role, actor_name, data) -- the system is the actor of routing and merging
        WHERE v.type = 'created' OR (v.type = 'assigned' AND ins.assignee_id IS NOT NULL)
           OR (v.type = 'merged' AND ins.duplicate_of IS NOT NULL)
        RETURNING id, tx, ticket_id, seq, type, at, actor_id, actor_role, actor_name, data, topics
      ), outbox AS (
      %s
      ), clocks AS (
      %s
      )
      SELECT ins.*,
             (SELECT json_agg(json_build_object('cursor', e.tx::text || '.' || e.id, 'seq', e.seq, 'type', e.type, 'at', e.at,
                                                'actorId', e.actor_id, 'actorRole', e.actor_role, 'actorName', e.actor_name,
                                                'data', e.data, 'topics', e.topics) ORDER BY e.id)
              FROM events e WHERE e.ticket_id = ins.id) AS pushed_events,
             -- every transaction before this one had finished when the statement began (none running, none
             -- started since): its events follow the newest of theirs directly, and may go to this node's
             -- sockets as soon as the commit is acknowledged (LocalCommits); otherwise null
             (SELECT CASE WHEN pg_snapshot_xmin(s) = pg_current_xact_id() AND pg_snapshot_xmax(s) = pg_current_xact_id()
                     THEN coalesce((SELECT p.tx::text || '.' || p.id FROM ticket_events p WHERE p.tx < pg_current_xact_id()
                                    ORDER BY p.tx DESC, p.id DESC LIMIT 1), '0.0') END
              FROM pg_current_snapshot() AS s) AS pushed_after
      FROM ins
      """.formatted(WebhookOutbox.insert("SELECT e.ticket_id, e.seq, e.type, ins.created_by FROM events e JOIN ins ON ins.id = e.ticket_id"),
      Clocks.upsert("SELECT ins.id AS ticket_id, d.clock, d.dept_id, ins.created_at AS started_at, d.deadline_at,"
      + " d.working, d.paused, d.first_step, d.first_due FROM ins JOIN clock_input d ON d.ticket_id = ins.id"
      + " WHERE ins.duplicate_of IS NULL" // a ticket merged on arrival runs no clocks
      + " AND (d.clock <> 'seen' OR ins.assignee_id IS NOT NULL)")); // nobody to see it: the centre's queue

  private final String prefix;
  private final String timezone;
  private final Batcher<Filing, JsonObject> batcher;

  TicketFiler(Pool pool, Context context, String prefix, String timezone, int maxBatch, int maxInFlight) {
    this.prefix = prefix;
    this.timezone = timezone;
    LocalCommits local = LocalCommits.of(context.owner());
    this.batcher = new Batcher<>(context, maxBatch, maxInFlight, filings -> client(pool, filings, local));
  }

  /** Files one ticket, together with whatever else is waiting; completes once it is committed. Call on the intake's event loop. */
  Future<JsonObject> file(Filing filing) {
    return batcher.submit(filing);
  }

  /** Writes tickets on a connection of the caller's (inside its transaction), in one statement. */
  Future<List<JsonObject>> insert(SqlClient client, List<Filing> filings) {
    return client.preparedQuery(INSERT).execute(params(filings)).map(rows -> {
      Map<UUID, JsonObject> byId = new HashMap<>();
      for (Row row : rows) {
        JsonObject ticket = TicketRecord.fromRow(row);
        byId.put(UUID.fromString(ticket.getString("id")), ticket);
      }
      return filings.stream().map(f -> byId.get(f.id())).toList();
    });
  }

  /**
   * Writes tickets in a statement of their own, which is their transaction: once the pool answers, the
   * commit has succeeded (a failure at commit, say of a deferred constraint, fails the statement), and
   * their events go to this node's sockets at once when they directly follow every earlier transaction's.
   */
  private Future<List<JsonObject>> client(Pool pool, List<Filing> filings, LocalCommits local) {
    return pool.preparedQuery(INSERT).execute(params(filings)).map(rows -> {
      Map<UUID, JsonObject> byId = new HashMap<>();
      JsonObject tickets = new JsonObject();
      java.util.TreeMap<Long, JsonObject> events = new java.util.TreeMap<>(); // one transaction: in event id order
      String after = null;
      for (Row row : rows) {
        JsonObject ticket = TicketRecord.fromRow(row);
        String id = ticket.getString("id");
        byId.put(UUID.fromString(id), ticket);
        tickets.put(id, ticket);
        after = row.getString("pushed_after");
        Object pushed = row.getValue("pushed_events");
        if (pushed == null) continue;
        for (Object o : pushed instanceof JsonArray a ? a : new JsonArray(pushed.toString())) {
          JsonObject e = (JsonObject) o;
          String cursor = e.getString("cursor");
          events.put(Long.parseLong(cursor.substring(cursor.indexOf('.') + 1)), FeedBatch.event(cursor, id, e.getInteger("seq"),
              e.getString("type"), Json.time(OffsetDateTime.parse(e.getString("at"))), e.getString("actorId"),
              e.getString("actorRole"), e.getString("actorName"), e.getJsonObject("data", new JsonObject()),
              e.getJsonArray("topics", new JsonArray())));
        }
      }
      if (after != null && !events.isEmpty()) {
        local.committed(new FeedBatch(after, events.lastEntry().getValue().getString("cursor"),
            new JsonArray(new ArrayList<>(events.values())), tickets));
      }
      return filings.stream().map(f -> byId.get(f.id())).toList();
    });
  }

  private Tuple params(List<Filing> filings) {
    Tuple t = Tuple.of(prefix, timezone);
    t.addValue(column(filings, Filing::id, UUID[]::new));
    t.addValue(column(filings, Filing::at, OffsetDateTime[]::new));
    t.addValue(column(filings, f -> f.request().kind(), String[]::new));
    t.addValue(column(filings, f -> f.request().channel(), String[]::new));
    t.addValue(column(filings, f -> f.request().category(), String[]::new));
    t.addValue(column(filings, f -> f.request().serviceCode(), String[]::new));
    t.addValue(column(filings, f -> f.request().mode(), String[]::new));
    t.addValue(column(filings, Filing::priority, String[]::new));
    t.addValue(column(filings, Filing::description, String[]::new));
    t.addValue(column(filings, f -> f.request().address(), String[]::new));
    t.addValue(column(filings, f -> f.request().lat(), Double[]::new));
    t.addValue(column(filings, f -> f.request().lon(), Double[]::new));
    t.addValue(column(filings, f -> f.request().contactName(), String[]::new));
    t.addValue(column(filings, f -> f.request().contactPhone(), String[]::new));
    t.addValue(column(filings, Filing::reporterId, String[]::new));
    t.addValue(column(filings, Filing::gridId, String[]::new));
    t.addValue(column(filings, Filing::createdBy, String[]::new));
    t.addValue(column(filings, f -> f.request().externalId(), String[]::new));
    t.addValue(column(filings, Filing::idempotencyKey, String[]::new));
    t.addValue(column(filings, Filing::respondBy, OffsetDateTime[]::new));
    t.addValue(column(filings, Filing::resolveBy, OffsetDateTime[]::new));
    t.addValue(column(filings, Filing::actorRole, String[]::new));
    t.addValue(column(filings, Filing::actorName, String[]::new));
    t.addValue(column(filings, Filing::createdData, JsonObject[]::new));
    t.addValue(column(filings, Filing::duplicateOf, UUID[]::new));
    t.addValue(column(filings, f -> new JsonArray(f.candidates().stream().map(UUID::toString).toList()), JsonArray[]::new));
    t.addValue(column(filings, f -> f.request().attributes(), JsonObject[]::new));
    // the clocks of all of them, each row naming its ticket
    List<UUID> ticketIds = new ArrayList<>();
    List<Clocks.Rows> rows = new ArrayList<>();
    for (Filing f : filings) {
      for (int i = 0; i < f.clocks().size(); i++) ticketIds.add(f.id());
      rows.add(f.clocks());
    }
    t.addValue(ticketIds.toArray(UUID[]::new));
    Clocks.Rows.concat(rows).addTo(t);
    t.addValue(column(filings, Filing::assignTo, String[]::new));
    t.addValue(column(filings, Filing::assignName, String[]::new));
    return t.addValue(column(filings, Filing::reasons, JsonArray[]::new)); // $40
  }

  private static <T> T[] column(List<Filing> filings, Function<Filing, T> field, java.util.function.IntFunction<T[]> array) {
    return filings.stream().map(field).toArray(array);
  }
}
