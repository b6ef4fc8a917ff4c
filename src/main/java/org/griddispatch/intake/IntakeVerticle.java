package org.griddispatch.intake;

import org.griddispatch.common.Times;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Errors;
import org.griddispatch.sla.Deadlines;
import org.griddispatch.store.Database;
import org.griddispatch.ticket.TicketRecord;
import org.griddispatch.ticket.Timeline;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Answers {@link Addresses#TICKETS_CREATE} ({actor, body, idempotencyKey}) with {created, ticket}:
 * an existing ticket for a retry, or a new one stored, routed and announced on
 * {@link Addresses#TICKETS_EVENTS}.
 */
public final class IntakeVerticle extends VerticleBase {
  private final Clock clock;
  private Duplicates.Settings duplicates;
  private org.griddispatch.sla.Clocks clocks;
  private Pool pool;
  private Catalog catalog;
  private String prefix;
  private String timezone;

  public IntakeVerticle(Clock clock) { this.clock = clock; }

  @Override
  public Future<?> start() {
    prefix = config().getString("ticketPrefix", "CX");
    duplicates = Duplicates.Settings.from(config());
    timezone = config().getString("timezone", "Asia/Shanghai");
    pool = Database.pool(vertx, config().getString("pgUri"), config().getInteger("dbPoolSize", 8), "intake");
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(Addresses.TICKETS_CREATE, this::create);
    return Future.join(consumer.completion(), Catalog.load(pool).onSuccess(c -> {
      catalog = c;
      clocks = org.griddispatch.sla.Clocks.from(config(), c);
    }));
  }

  private void create(Message<JsonObject> msg) {
    Future<JsonObject> result;
    try {
      Actor actor = Actor.fromJson(msg.body().getJsonObject("actor"));
      TicketRequest request = TicketRequest.parse(msg.body().getJsonObject("body"), actor, catalog);
      String key = msg.body().getString("idempotencyKey");
      result = existing(actor, request, key).compose(found -> found != null
          ? Future.succeededFuture(new JsonObject().put("created", false).put("ticket", found))
          : locate(request).compose(grid -> Duplicates.check(pool, request.category(), request.lat(), request.lon(),
                  request.description(), now(), duplicates).compose(verdict -> insert(actor, request, key, grid, verdict)))
              // a concurrent retry won the race: answer with its ticket
              .recover(e -> Errors.isUniqueViolation(e, "tickets_idempotency") || Errors.isUniqueViolation(e, "tickets_channel_external")
                  ? existing(actor, request, key).map(t -> new JsonObject().put("created", false).put("ticket", t))
                  : Future.failedFuture(e)));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(msg::reply).onFailure(e -> msg.reply(ApiError.from(e).toReply()));
  }

  private Future<JsonObject> existing(Actor actor, TicketRequest request, String key) {
    if (key == null && request.externalId() == null) return Future.succeededFuture(null);
    return pool.preparedQuery("SELECT " + TicketRecord.COLUMNS + " FROM tickets"
            + " WHERE (created_by = $1 AND idempotency_key = $2) OR (channel = $3 AND external_id = $4) LIMIT 1")
        .execute(Tuple.of(actor.id(), key, request.channel(), request.externalId()))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(null);
          JsonObject ticket = TicketRecord.fromRow(rows.iterator().next());
          // a retry is the same account's; another account's ticket with this externalId is not theirs to get
          if (!actor.id().equals(ticket.getString("createdBy"))) {
            return Future.failedFuture(ApiError.conflict("external_id_taken",
                "Another account already filed a ticket with this externalId on this channel"));
          }
          return Future.succeededFuture(ticket);
        });
  }

  /** Locks the ticket a report would merge into and answers whether it is still being handled. */
  private static Future<Boolean> stillOpen(io.vertx.sqlclient.SqlConnection conn, UUID target) {
    if (target == null) return Future.succeededFuture(true);
    return conn.preparedQuery("SELECT status FROM tickets WHERE id = $1 FOR UPDATE").execute(Tuple.of(target))
        .map(rows -> rows.size() > 0 && org.griddispatch.ticket.States.OPEN.contains(rows.iterator().next().getString(0)));
  }

  private static Tuple replace(Tuple t, int index, Object value) {
    Tuple out = Tuple.tuple();
    for (int i = 0; i < t.size(); i++) out.addValue(i == index ? value : t.getValue(i));
    return out;
  }

  private OffsetDateTime now() {
    return Times.now(clock);
  }

  private Future<JsonObject> locate(TicketRequest request) {
    if (!request.hasLocation()) return Future.succeededFuture(new JsonObject());
    return vertx.eventBus().<JsonObject>request(Addresses.GEO_LOCATE,
        new JsonObject().put("lat", request.lat()).put("lon", request.lon())).map(Message::body);
  }

  /**
   * One statement, hence one transaction and one round trip: pick the grid's worker with the fewest
   * open tickets, insert the ticket with its number and deadlines, and write its "created" event and,
   * when a worker was found, its "assigned" event.
   */
  private static final String INSERT = """
      WITH pick AS (
        SELECT * FROM pick_worker($18)
      ), ins AS (
        INSERT INTO tickets (id, number, kind, status, channel, category, service_code, service_mode, priority,
                             description, address, lat, lon, contact_name, contact_phone, reporter_id, created_by,
                             grid_id, assignee_id, external_id, idempotency_key, version, seq, respond_by, resolve_by,
                             created_at, updated_at, duplicate_of, duplicate_candidates, attributes)
        SELECT $1, $2::text || '-' || to_char($3::timestamptz AT TIME ZONE $4::text, 'YYYYMMDD') || '-'
                   || lpad(nextval('ticket_number_seq')::text, 6, '0'),
               $5, CASE WHEN $27::uuid IS NOT NULL THEN 'merged' WHEN pick.id IS NULL THEN 'received' ELSE 'assigned' END,
               $6, $7, $8, $9, $10, $11, $12, $13, $14,
               coalesce($15, (SELECT name FROM users WHERE id = $17)), coalesce($16, (SELECT phone FROM users WHERE id = $17)),
               $17, $19, $18, CASE WHEN $27::uuid IS NULL THEN pick.id END, $20, $21, 1,
               CASE WHEN $27::uuid IS NULL AND pick.id IS NULL THEN 1 ELSE 2 END, $22, $23, $3, $3, $27, $28, $29::jsonb
        FROM (VALUES (1)) AS one (x) LEFT JOIN pick ON true
        RETURNING *
      ), events AS (
        INSERT INTO ticket_events (ticket_id, seq, type, at, actor_id, actor_role, actor_name, data, topics)
        SELECT ins.id, v.seq, v.type, $3, v.actor_id, v.actor_role, v.actor_name, v.data, ticket_topics(ROW(ins.*)::tickets)
        FROM ins CROSS JOIN LATERAL (VALUES
          (1, 'created', $19, $24, $25, $26::jsonb),
          (2, 'assigned', 'system', 'system', '自动分派',
           jsonb_build_object('gridId', ins.grid_id, 'assigneeId', ins.assignee_id,
                              'assigneeName', (SELECT name FROM pick), 'reason', 'routed by location')),
          (2, 'merged', 'system', 'system', '自动去重',
           jsonb_build_object('intoId', ins.duplicate_of, 'reason', 'automatic duplicate detection'))
        ) AS v (seq, type, actor_id, actor_role, actor_name, data) -- the system is the actor of routing and merging
        WHERE v.type = 'created' OR (v.type = 'assigned' AND ins.assignee_id IS NOT NULL)
           OR (v.type = 'merged' AND ins.duplicate_of IS NOT NULL)
      )
      SELECT ins.* FROM ins
      """;

  private Future<JsonObject> insert(Actor actor, TicketRequest r, String key, JsonObject grid, Duplicates.Verdict verdict) {
    OffsetDateTime now = now();
    JsonObject category = catalog.category(r.category());
    JsonObject item = catalog.service(r.serviceCode());
    Deadlines.Pair deadlines = item != null ? Deadlines.forService(item, now, clocks.calendar())
        : Deadlines.forCategory(category, now, clocks.calendar());
    String priority = category != null ? category.getString("priority") : "normal";
    String description = r.description() != null ? r.description() : item.getString("name");
    String gridId = grid.getString("gridId");
    JsonObject createdData = new JsonObject().put("channel", r.channel()).put("kind", r.kind())
        .put("category", r.category()).put("serviceCode", r.serviceCode()).put("gridId", gridId);
    String reporterId = actor.role().wire().equals("resident") ? actor.id() : null;
    Tuple params = Tuple.tuple()
        .addValue(UUID.randomUUID()).addValue(prefix).addValue(now).addValue(timezone)          // $1-$4
        .addValue(r.kind()).addValue(r.channel()).addValue(r.category()).addValue(r.serviceCode()) // $5-$8
        .addValue(r.mode()).addValue(priority).addValue(description).addValue(r.address())       // $9-$12
        .addValue(r.lat()).addValue(r.lon()).addValue(r.contactName()).addValue(r.contactPhone()) // $13-$16
        .addValue(reporterId).addValue(gridId).addValue(actor.id()).addValue(r.externalId())     // $17-$20
        .addValue(key).addValue(deadlines.respondBy()).addValue(deadlines.resolveBy())           // $21-$23
        .addValue(actor.role().wire()).addValue(actor.name()).addValue(createdData.encode())     // $24-$26
        .addValue(verdict.mergeInto()).addValue(verdict.candidates().toArray(UUID[]::new))        // $27-$28
        .addValue(r.attributes().encode());                                                        // $29
    return pool.withTransaction(conn -> stillOpen(conn, verdict.mergeInto()).compose(open -> {
      if (open) return Future.succeededFuture(params);
      // the original closed meanwhile: file this report as a ticket of its own
      return Future.succeededFuture(replace(params, 26, null));
    }).compose(p -> conn.preparedQuery(INSERT).execute(p)).compose(rows -> {
      JsonObject ticket = TicketRecord.fromRow(rows.iterator().next());
      Future<Void> clocksSet = clocks.sync(conn, ticket, now);
      if (ticket.getString("duplicateOf") == null) return clocksSet.map(ticket);
      // the original hears of it, and the reporter follows the original from now on
      String[] followers = reporterId == null ? new String[0] : new String[] {reporterId};
      return clocksSet.compose(v -> Timeline.appendElsewhere(conn, verdict.mergeInto(), "follower_ids = ARRAY(SELECT DISTINCT unnest(follower_ids || ?::text[]))",
          followers, now, actor, new Timeline.NewEvent("duplicate_merged", new JsonObject().put("ticketId", ticket.getString("id"))
              .put("number", ticket.getString("number")).put("reason", "automatic duplicate detection")))).map(ticket);
    })).map(ticket -> {
      vertx.eventBus().publish(Addresses.PUSH_WAKE, ticket.getString("id"));
      return new JsonObject().put("created", true).put("ticket", ticket);
    });
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
