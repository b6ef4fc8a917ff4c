package org.griddispatch.sla;

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
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Json;
import org.griddispatch.common.Times;
import org.griddispatch.store.Database;
import org.griddispatch.ticket.Decisions;
import org.griddispatch.ticket.TicketChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;


/**
 * Fires due deadline steps. Every node runs one. It keeps the next due moment in memory and sets a
 * timer for it, so a step fires within milliseconds of its due time; a poll every second (and again
 * at once while it finds a full batch) is the safety net and learns of deadlines set meanwhile. A
 * batch's tickets are claimed with {@code FOR UPDATE SKIP LOCKED}, so when every node's timer goes
 * off at the same moment one of them takes each step and the others find nothing left; each step is
 * the system's {@code deadline-step} (the rating window's end, its {@code close}) written by
 * {@link TicketChanges} like any other change: event, escalation, the clock's move to its next step,
 * all in the batch's one transaction. A node that dies mid-batch leaves nothing behind: its
 * transaction rolls back and another node fires the same steps. Memory holds one batch and one
 * moment, never the pending deadlines.
 */
public final class SlaVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(SlaVerticle.class);
  private static final Actor MONITOR = new Actor("system", Role.SYSTEM, "时限监控", List.of(), null);

  private final Clock clock;
  private final Supplier<Catalog> catalog;
  private final Decisions decisions;
  private Pool pool;
  private TicketChanges changes;
  private boolean firing;
  private boolean behind;
  /** Timer rounds in a row that found nothing due (a timer a hair early, or another node quicker); a few, then the poll. */
  private int emptyOnTime;
  private static final int EMPTY_ROUNDS_BEFORE_POLL = 3;
  private long timer;
  private long pollMillis;
  /** The one-shot timer for the next due moment within the poll interval, or -1. */
  private long dueTimer = -1;
  private OffsetDateTime dueAt;
  private long claimHoldMillis;
  private int batch;
  private String nodeId;

  /** {@code decisions} are the workflow's, over the node's current catalogue and calendar. */
  public SlaVerticle(Clock clock, Supplier<Catalog> catalog, Decisions decisions) {
    this.clock = clock;
    this.catalog = catalog;
    this.decisions = decisions;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config(), 2, "sla");
    JsonObject sla = config().getJsonObject("sla", new JsonObject());
    nodeId = config().getString("nodeId");
    batch = sla.getInteger("batchSize", 100);
    claimHoldMillis = sla.getLong("claimHoldMillis", 0L); // fault injection: hold claimed rows this long before acting
    changes = new TicketChanges(vertx, pool, clock, Clocks.from(config(), catalog), decisions);
    pollMillis = sla.getLong("pollMillis", 1000L);
    timer = vertx.setPeriodic(pollMillis, t -> fire(false));
    fire(false); // what fell due while no node was watching, at once; and the first timer
    return Future.succeededFuture();
  }

  /** {@code onTime}: the round was started by the timer of a due moment rather than the poll. */
  private void fire(boolean onTime) {
    if (firing) {
      behind = true; // a moment fell due during this round: go again as soon as it ends
      return;
    }
    behind = false;
    firing = true;
    OffsetDateTime now = Times.now(clock);
    pool.withTransaction(conn -> claimAndFire(conn, now)).onComplete(ar -> {
      firing = false;
      if (ar.failed()) {
        log.warn("Firing deadlines failed: {}", ar.cause().toString());
        return;
      }
      ar.result().tickets().values().forEach(changes::wake);
      if (ar.result().found() > 0) emptyOnTime = 0;
      if (ar.result().found() == batch || behind) fire(onTime);
      else if (ar.result().found() > 0 || !onTime || ++emptyOnTime <= EMPTY_ROUNDS_BEFORE_POLL) planNext();
    });
  }

  /**
   * Sets the timer for the earliest active deadline due before the next poll. A timer's round that
   * found nothing due (another node took the steps, the timer went off a hair early, or the node's
   * clock is not the wall's, as in tests) plans again a few times, then leaves the next moment to the
   * poll, so no timer ever spins.
   */
  private void planNext() {
    pool.query("SELECT min(due_at) FROM deadlines WHERE state = 'active'").execute().onSuccess(rows -> {
      OffsetDateTime next = rows.iterator().next().getOffsetDateTime(0);
      if (next == null || next.equals(dueAt) && dueTimer != -1) return;
      // rounded up: a timer that went off a fraction of a millisecond early would find nothing due
      long wait = (java.time.Duration.between(Times.now(clock), next).toNanos() + 999_999) / 1_000_000;
      if (wait > pollMillis) return;
      if (dueTimer != -1) vertx.cancelTimer(dueTimer);
      dueAt = next;
      dueTimer = vertx.setTimer(Math.max(1, wait), t -> {
        dueTimer = -1;
        fire(true);
      });
    }).onFailure(e -> log.debug("Planning the next deadline failed: {}", e.toString()));
  }

  /**
   * Due rows are read without a lock; their tickets are then locked, skipping any another node or a
   * person holds (they wait for the next round), and only then are the rows of the locked tickets
   * read again and fired. Whoever changes a ticket's clocks holds the ticket's lock, so a row fired
   * elsewhere meanwhile is no longer due when read again, and no two nodes fire one step.
   */
  private Future<Batch> claimAndFire(SqlConnection conn, OffsetDateTime now) {
    return conn.preparedQuery("SELECT ticket_id FROM deadlines WHERE state = 'active' AND due_at <= $1 ORDER BY due_at LIMIT $2")
        .execute(Tuple.of(now, batch))
        .compose(due -> {
          if (due.size() == 0) return Future.succeededFuture(new Batch(0, Map.of()));
          UUID[] ticketIds = new UUID[due.size()];
          int i = 0;
          for (Row r : due) ticketIds[i++] = r.getUUID(0);
          return conn.preparedQuery("SELECT id FROM tickets WHERE id = ANY($1) ORDER BY id FOR UPDATE SKIP LOCKED")
              .execute(Tuple.of(java.util.Arrays.stream(ticketIds).distinct().sorted().toArray(UUID[]::new)))
              .compose(locked -> {
                List<UUID> ids = new ArrayList<>();
                locked.forEach(r -> ids.add(r.getUUID(0)));
                return conn.preparedQuery("""
                        SELECT id, ticket_id, clock, dept_id, deadline_at, next_step FROM deadlines
                        WHERE ticket_id = ANY($1) AND state = 'active' AND due_at <= $2 ORDER BY due_at FOR UPDATE""")
                    .execute(Tuple.of(ids.toArray(UUID[]::new), now));
              })
              .compose(rows -> {
                Future<Void> held = claimHoldMillis > 0 ? vertx.timer(claimHoldMillis).mapEmpty() : Future.succeededFuture();
                Map<UUID, JsonObject> fired = new LinkedHashMap<>();
                Future<Void> chain = held;
                for (Row r : rows) chain = chain.compose(v -> step(conn, r, now).map(t -> {
                  if (t != null) fired.put(r.getUUID("ticket_id"), t);
                  return null;
                }));
                return chain.map(v -> new Batch(due.size(), fired));
              });
        });
  }

  /** What a round did: how many due rows it found, and each changed ticket as it now stands. */
  private record Batch(int found, Map<UUID, JsonObject> tickets) {}

  /**
   * One step of one clock, as the system's {@code deadline-step} on the ticket; answers the ticket,
   * or null for a step with nothing left to do (the rating window of a ticket no longer resolved).
   */
  private Future<JsonObject> step(SqlConnection conn, Row d, OffsetDateTime now) {
    JsonObject body = new JsonObject().put("deadlineId", d.getLong("id")).put("step", d.getString("next_step"))
        .put("clock", d.getString("clock")).put("deadline", Json.time(d.getOffsetDateTime("deadline_at"))).put("firedBy", nodeId);
    if (!d.getString("dept_id").isEmpty()) body.put("deptId", d.getString("dept_id"));
    return changes.apply(conn, MONITOR, d.getUUID("ticket_id"), "deadline-step", body, now)
        .recover(e -> e instanceof ApiError refused && refused.status() == 409
            ? Clocks.retire(conn, d.getLong("id")).map((JsonObject) null) : Future.failedFuture(e));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    if (dueTimer != -1) vertx.cancelTimer(dueTimer);
    return pool.close();
  }
}
