package org.griddispatch.sla;

import org.griddispatch.common.Times;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.Addresses;
import org.griddispatch.store.Database;
import org.griddispatch.ticket.TicketRecord;
import org.griddispatch.ticket.Timeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Fires due deadline steps. Every node runs one and polls every second (and again at once while it
 * finds a full batch). A batch is claimed with {@code FOR UPDATE SKIP LOCKED}, so nodes never take
 * the same row; each step's effect (timeline event, escalation level, auto-close) and the row's move
 * to its next step commit in that one transaction. A node that dies mid-batch leaves nothing behind:
 * its transaction rolls back and another node fires the same steps. Memory holds one batch, never
 * the pending deadlines.
 */
public final class SlaVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SlaVerticle.class);
  private static final Actor MONITOR = new Actor("system", Role.SYSTEM, "时限监控", List.of(), null);

  private final Clock clock;
  private Pool pool;
  private Clocks clocks;
  private boolean firing;
  private long timer;
  private long claimHoldMillis;
  private int batch;
  private String nodeId;

  public SlaVerticle(Clock clock) { this.clock = clock; }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config().getString("pgUri"), 2, "sla");
    JsonObject sla = config().getJsonObject("sla", new JsonObject());
    nodeId = config().getString("nodeId");
    batch = sla.getInteger("batchSize", 100);
    claimHoldMillis = sla.getLong("claimHoldMillis", 0L); // fault injection: hold claimed rows this long before acting
    return Catalog.load(pool).onSuccess(catalog -> {
      clocks = Clocks.from(config(), catalog);
      timer = vertx.setPeriodic(sla.getLong("pollMillis", 1000L), t -> fire());
    });
  }

  private void fire() {
    if (firing) return;
    firing = true;
    OffsetDateTime now = Times.now(clock);
    pool.withTransaction(conn -> claimAndFire(conn, now)).onComplete(ar -> {
      firing = false;
      if (ar.failed()) {
        log.warn("Firing deadlines failed: {}", ar.cause().toString());
        return;
      }
      if (ar.result() > 0) vertx.eventBus().publish(Addresses.PUSH_WAKE, "sla");
      if (ar.result() == batch) fire();
    });
  }

  private Future<Integer> claimAndFire(SqlConnection conn, OffsetDateTime now) {
    return conn.preparedQuery("""
            SELECT id, ticket_id, clock, dept_id, started_at, deadline_at, working, next_step FROM deadlines
            WHERE state = 'active' AND due_at <= $1 ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED""")
        .execute(Tuple.of(now, batch))
        .compose(due -> {
          if (due.size() == 0) return Future.succeededFuture(0);
          List<Row> rows = new ArrayList<>();
          due.forEach(rows::add);
          UUID[] ticketIds = rows.stream().map(r -> r.getUUID("ticket_id")).distinct().sorted().toArray(UUID[]::new);
          // a ticket being changed right now is left for the next round rather than waited for
          return conn.preparedQuery("SELECT " + TicketRecord.COLUMNS + ", ticket_topics(tickets) AS topics FROM tickets"
                  + " WHERE id = ANY($1) ORDER BY id FOR UPDATE SKIP LOCKED")
              .execute(Tuple.of(ticketIds))
              .compose(tickets -> {
                Map<UUID, JsonObject> byId = new HashMap<>();
                Map<UUID, List<String>> topics = new HashMap<>();
                tickets.forEach(t -> {
                  byId.put(t.getUUID("id"), TicketRecord.fromRow(t));
                  topics.put(t.getUUID("id"), List.of(t.getArrayOfStrings("topics")));
                });
                Future<Void> held = claimHoldMillis > 0 ? vertx.timer(claimHoldMillis).mapEmpty() : Future.succeededFuture();
                Future<Integer> chain = held.map(0);
                for (Row r : rows) {
                  JsonObject ticket = byId.get(r.getUUID("ticket_id"));
                  if (ticket == null) continue;
                  chain = chain.compose(n -> step(conn, r, ticket, topics.get(r.getUUID("ticket_id")), now).map(n + 1));
                }
                return chain;
              });
        });
  }

  private static final Map<String, String> EVENT = Map.of("warn", "sla_warning", "overdue", "sla_overdue",
      "supervise", "sla_supervised", "notify", "sla_notified");
  private static final Map<String, String> LEVEL = Map.of("warn", "warned", "overdue", "overdue",
      "supervise", "supervised", "notify", "notified");

  /** One step of one clock: its event, the ticket's escalation (or closing), the clock's next step. */
  private Future<Void> step(SqlConnection conn, Row d, JsonObject ticket, List<String> topics, OffsetDateTime now) {
    UUID ticketId = d.getUUID("ticket_id");
    String step = d.getString("next_step");
    String deptId = d.getString("dept_id");
    JsonObject data = new JsonObject().put("clock", d.getString("clock")).put("deadline",
        org.griddispatch.common.Json.time(d.getOffsetDateTime("deadline_at"))).put("step", step).put("firedBy", nodeId);
    if (!deptId.isEmpty()) data.put("deptId", deptId);
    boolean closing = "close".equals(step);
    if (closing && !"resolved".equals(ticket.getString("status"))) {
      return conn.preparedQuery("UPDATE deadlines SET state = 'done', due_at = NULL WHERE id = $1").execute(Tuple.of(d.getLong("id"))).mapEmpty();
    }
    String next = closing ? null : Clocks.after(step);
    OffsetDateTime nextDue = next == null ? null
        : clocks.dueOf(next, d.getOffsetDateTime("started_at"), d.getOffsetDateTime("deadline_at"), d.getBoolean("working"));
    String eventType = closing ? "closed" : EVENT.get(step);
    if (closing) data.put("reason", "rating window ended");
    Future<?> ticketChange = closing
        ? conn.preparedQuery("UPDATE tickets SET status = 'closed', closed_at = $2, version = version + 1, seq = seq + 1,"
            + " updated_at = $2 WHERE id = $1 RETURNING seq - 1 AS last").execute(Tuple.of(ticketId, now))
        : conn.preparedQuery("""
            UPDATE tickets SET seq = seq + 1, version = version + 1, updated_at = $2,
              escalation = CASE WHEN coalesce(array_position(ARRAY['warned','overdue','supervised','notified'], escalation), 0)
                                     < array_position(ARRAY['warned','overdue','supervised','notified'], $3)
                                THEN $3 ELSE escalation END
            WHERE id = $1 RETURNING seq - 1 AS last""").execute(Tuple.of(ticketId, now, LEVEL.get(step)));
    return ticketChange
        .compose(rows -> Timeline.append(conn, ticketId, ((io.vertx.sqlclient.RowSet<Row>) rows).iterator().next().getInteger("last"),
            now, MONITOR, List.of(new Timeline.NewEvent(eventType, data)), topics))
        .compose(v -> conn.preparedQuery("UPDATE deadlines SET next_step = $2, due_at = $3,"
                + " state = CASE WHEN $4 THEN 'done' ELSE state END WHERE id = $1")
            .execute(Tuple.of(d.getLong("id"), next, nextDue, closing)))
        .mapEmpty();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return pool.close();
  }
}
