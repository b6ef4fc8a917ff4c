package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.TicketCommitted;
import org.griddispatch.common.Times;
import org.griddispatch.store.AuditLog;
import org.griddispatch.store.NotificationOutbox;
import org.griddispatch.store.WebhookOutbox;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one way an existing ticket changes, whoever causes it (a person's action, a deadline step, a
 * photo, a merge): lock the ticket, check who and from which state by the action's rule, check
 * {@code If-Match}, let the decision look up what it needs and decide, then write the new state, its
 * version and timeline, its webhook deliveries and notifications, the other tickets it touches, its clocks and its audit rows in that one
 * transaction, and after the commit wake the feed. A feature adds a decision, never a write path.
 */
public final class TicketChanges {
  private static final String LOCK = "SELECT " + TicketRecord.COLUMNS + ", ticket_topics(tickets) AS topics FROM tickets"
      + " WHERE id = $1 FOR UPDATE";

  private final Vertx vertx;
  private final Pool pool;
  private final Clock clock;
  private final ClockKeeper clocks;
  private final Decisions decisions;

  public TicketChanges(Vertx vertx, Pool pool, Clock clock, ClockKeeper clocks, Decisions decisions) {
    this.vertx = vertx;
    this.pool = pool;
    this.clock = clock;
    this.clocks = clocks;
    this.decisions = decisions;
  }

  /**
   * A person's or an integration's action, by its name in the URL: 404 for an action nobody may take
   * by hand, 400 for a bad body, then as {@link #apply}. Answers the ticket as committed.
   */
  public Future<JsonObject> act(Actor actor, String ticketId, String action, JsonObject body, Integer ifMatch) {
    try {
      Vocabulary.Rule rule = Vocabulary.rule(action);
      if (rule == null || !rule.offered()) throw ApiError.notFound("Action '" + action + "'");
      UUID id = TicketQueries.parseId(ticketId);
      if (id == null) throw ApiError.notFound("Ticket");
      return apply(actor, id, ifMatch, decisions.decision(action, body));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * A terminal has shown the ticket to its user ({@code seen} on the socket): answers the ticket when
   * that wrote something, a 409 {@code already_seen} when this user's first time is on record already,
   * 404 for a ticket they cannot see.
   */
  public Future<JsonObject> seen(Actor actor, String ticketId) {
    try {
      UUID id = TicketQueries.parseId(ticketId);
      if (id == null) throw ApiError.notFound("Ticket");
      return apply(actor, id, null, decisions.decision("seen", new JsonObject()))
          .recover(e -> Future.failedFuture(org.griddispatch.common.Errors.isUniqueViolation(e, "ticket_events_seen_once")
              ? ApiError.conflict("already_seen", "You have seen this ticket already") : e));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * {@link #act} sent with an {@code Idempotency-Key}: the key is claimed in the change's transaction, so
   * the action happens once however often it is sent; a repeat answers the ticket as the first attempt
   * committed it. A key the same account used for another ticket or action is refused (409
   * {@code idempotency_key_reused}). A first attempt that was refused left no trace and may be sent again.
   */
  public Future<JsonObject> act(Actor actor, String ticketId, String action, JsonObject body, Integer ifMatch, String key) {
    if (key == null) return act(actor, ticketId, action, body, ifMatch);
    try {
      Vocabulary.Rule rule = Vocabulary.rule(action);
      if (rule == null || !rule.offered()) throw ApiError.notFound("Action '" + action + "'");
      UUID id = TicketQueries.parseId(ticketId);
      if (id == null) throw ApiError.notFound("Ticket");
      Decision decision = decisions.decision(action, body);
      OffsetDateTime now = Times.now(clock);
      return pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO action_keys (actor_id, key, ticket_id, action, created_at)"
                  + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key")
              .execute(Tuple.of(actor.id(), key, id, action, now))
              .compose(claimed -> claimed.size() == 1
                  ? apply(conn, actor, id, ifMatch, decision, now).compose(t -> conn.preparedQuery(
                          "UPDATE action_keys SET answer = $3 WHERE actor_id = $1 AND key = $2").execute(Tuple.of(actor.id(), key, t))
                      .map(v -> new Answer(t, true)))
                  : replayed(conn, actor, key, id, action)))
          .recover(e -> Future.failedFuture(e instanceof PgException pg && "40P01".equals(pg.getSqlState())
              ? ApiError.conflict("busy", "The ticket was being changed by someone else; try again") : e))
          .map(answer -> {
            if (answer.fresh()) wake(answer.ticket());
            return answer.ticket();
          });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** What an action with a key answers, and whether this attempt made the change. */
  private record Answer(JsonObject ticket, boolean fresh) {}

  private static Future<Answer> replayed(SqlConnection conn, Actor actor, String key, UUID id, String action) {
    return conn.preparedQuery("SELECT ticket_id, action, answer FROM action_keys WHERE actor_id = $1 AND key = $2")
        .execute(Tuple.of(actor.id(), key)).map(rows -> {
          Row r = rows.iterator().next();
          if (!id.equals(r.getUUID("ticket_id")) || !action.equals(r.getString("action"))) {
            throw ApiError.conflict("idempotency_key_reused", "This Idempotency-Key was used for another action; use a new key");
          }
          return new Answer(org.griddispatch.common.Json.obj(r.getValue("answer")), false);
        });
  }

  /** A decision on one ticket in a transaction of its own; wakes the feed once committed. */
  public Future<JsonObject> apply(Actor actor, UUID ticketId, Integer ifMatch, Decision decision) {
    return pool.withTransaction(conn -> apply(conn, actor, ticketId, ifMatch, decision, Times.now(clock)))
        .recover(e -> Future.failedFuture(e instanceof PgException pg && "40P01".equals(pg.getSqlState())
            ? ApiError.conflict("busy", "The ticket was being changed by someone else; try again") : e))
        .onSuccess(this::wake);
  }

  /** A named action inside a transaction the caller holds (deadline steps); the caller wakes the feed after its commit. */
  public Future<JsonObject> apply(SqlConnection conn, Actor actor, UUID ticketId, String action, JsonObject body,
                                  OffsetDateTime now) {
    try {
      return apply(conn, actor, ticketId, null, decisions.decision(action, body), now);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** A decision inside a transaction the caller holds; the caller wakes the feed after its commit. */
  public Future<JsonObject> apply(SqlConnection conn, Actor actor, UUID ticketId, Integer ifMatch, Decision decision,
                                  OffsetDateTime now) {
    return lock(conn, ticketId).compose(locked -> {
      JsonObject ticket = locked.ticket();
      if (ticket == null || !(actor.has(Role.SYSTEM) || Scope.canSee(actor, ticket))) throw ApiError.notFound("Ticket");
      Vocabulary.Rule rule = Vocabulary.rule(decision.action());
      if (rule == null || !rule.allows(actor, ticket)) throw ApiError.forbidden("You may not " + decision.action() + " this ticket");
      if (ifMatch != null && ifMatch != ticket.getInteger("version").intValue()) {
        throw new ApiError(412, "version_mismatch", "The ticket changed since you read it (now version "
            + ticket.getInteger("version") + ")");
      }
      String status = ticket.getString("status");
      if (!rule.startsFrom(status)) {
        throw ApiError.conflict("invalid_transition", "Cannot " + decision.action() + " a ticket that is " + status);
      }
      return decision.prepare(conn, actor, ticket, now)
          .compose(v -> write(conn, actor, locked, decision.decide(actor, ticket, now), now));
    });
  }

  /** Publishes the committed ticket: the feeder sends it with its events instead of reading it back. */
  public void wake(JsonObject ticket) {
    vertx.eventBus().publish(Addresses.PUSH_WAKE, new TicketCommitted(ticket).toJson());
  }

  /** A ticket locked for the change, with the topics its events went to before it. */
  private record Locked(UUID id, JsonObject ticket, List<String> topics) {}

  private static Future<Locked> lock(SqlConnection conn, UUID id) {
    return conn.preparedQuery(LOCK).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return new Locked(id, null, List.of());
      Row row = rows.iterator().next();
      return new Locked(id, TicketRecord.fromRow(row), List.of(row.getArrayOfStrings("topics")));
    });
  }

  private Future<JsonObject> write(SqlConnection conn, Actor actor, Locked locked, Change change, OffsetDateTime now) {
    Future<Void> related = Future.succeededFuture();
    for (Change.Statement s : change.before) related = related.compose(v -> conn.preparedQuery(s.sql()).execute(s.params()).mapEmpty());
    return related
        .compose(v -> update(conn, locked.id(), change, now))
        .compose(updated -> Timeline.append(conn, locked.id(), locked.ticket().getInteger("seq"), now, actor, change.events,
                topics(locked, change))
            .compose(v -> WebhookOutbox.enqueue(conn, locked.id(), locked.ticket().getInteger("seq")))
            .compose(v -> NotificationOutbox.notifies(change.events.stream().map(Timeline.NewEvent::type).toList())
                ? NotificationOutbox.enqueue(conn, locked.id(), locked.ticket().getInteger("seq")) : Future.succeededFuture())
            .compose(v -> others(conn, actor, change.others, now))
            .compose(v -> audit(conn, actor, change.audits, now))
            .compose(v -> clocks.sync(conn, updated, change.fired, now)));
  }

  /** The topics of the ticket before the change, and those the change names besides. */
  private static List<String> topics(Locked locked, Change change) {
    if (change.topics.isEmpty()) return locked.topics();
    List<String> all = new ArrayList<>(locked.topics());
    all.addAll(change.topics);
    return all;
  }

  private Future<Void> others(SqlConnection conn, Actor actor, List<Change.Other> others, OffsetDateTime now) {
    Future<Void> chain = Future.succeededFuture();
    for (Change.Other other : others) {
      chain = chain.compose(v -> lock(conn, other.ticketId()).compose(locked -> {
        if (locked.ticket() == null) throw new IllegalStateException("ticket " + other.ticketId() + " is gone");
        return write(conn, actor, locked, other.change(), now).mapEmpty();
      }));
    }
    return chain;
  }

  private static Future<Void> audit(SqlConnection conn, Actor actor, List<Change.Audit> audits, OffsetDateTime now) {
    Future<Void> chain = Future.succeededFuture();
    for (Change.Audit a : audits) {
      chain = chain.compose(v -> AuditLog.write(conn, now, actor.id(), actor.role().wire(), actor.name(),
          a.action(), a.target(), a.before(), a.after()));
    }
    return chain;
  }

  private static Future<JsonObject> update(SqlConnection conn, UUID id, Change change, OffsetDateTime now) {
    List<Object> params = new ArrayList<>(List.of(id, change.events.size(), now));
    StringBuilder sql = new StringBuilder("UPDATE tickets SET seq = seq + $2, updated_at = $3");
    if (change.bumpsVersion) sql.append(", version = version + 1");
    if (change.status != null) {
      params.add(change.status);
      sql.append(", status = $").append(params.size());
    }
    change.columns.forEach((column, value) -> {
      params.add(value);
      sql.append(", ").append(column).append(" = $").append(params.size());
    });
    change.expressions.forEach((column, expression) -> {
      params.add(expression[1]);
      sql.append(", ").append(column).append(" = ").append(((String) expression[0]).replace("?", "$" + params.size()));
    });
    sql.append(" WHERE id = $1 RETURNING ").append(TicketRecord.COLUMNS);
    return conn.preparedQuery(sql.toString()).execute(Tuple.from(params))
        .map(rows -> TicketRecord.fromRow(rows.iterator().next()));
  }
}
