package org.griddispatch.workflow;

import org.griddispatch.common.Times;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.store.Database;
import org.griddispatch.ticket.Scope;
import org.griddispatch.ticket.TicketRecord;
import org.griddispatch.ticket.Timeline;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Answers {@link Addresses#TICKETS_ACT} ({actor, ticketId, action, body, ifMatch}) with the updated
 * ticket record. The ticket row is locked for the change, so actions on one ticket apply one at a
 * time and its timeline seq has no gaps.
 */
public final class WorkflowVerticle extends VerticleBase {
  private final Clock clock;
  private Pool pool;
  private Catalog catalog;
  private org.griddispatch.sla.Clocks clocks;

  public WorkflowVerticle(Clock clock) { this.clock = clock; }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config().getString("pgUri"), config().getInteger("dbPoolSize", 8), "workflow");
    MessageConsumer<JsonObject> consumer = vertx.eventBus().localConsumer(Addresses.TICKETS_ACT, this::act);
    return Future.join(consumer.completion(), Catalog.load(pool).onSuccess(c -> {
      catalog = c;
      clocks = org.griddispatch.sla.Clocks.from(config(), c);
    }));
  }

  private void act(Message<JsonObject> msg) {
    Future<JsonObject> result;
    try {
      JsonObject req = msg.body();
      Actor actor = Actor.fromJson(req.getJsonObject("actor"));
      Action action = Actions.named(req.getString("action"));
      UUID id = parseId(req.getString("ticketId"));
      if (action == null) throw ApiError.notFound("Action '" + req.getString("action") + "'");
      if (id == null) throw ApiError.notFound("Ticket");
      Fields fields = new Fields(req.getJsonObject("body"));
      JsonObject input = action.read(fields);
      fields.throwIfAny();
      Integer ifMatch = req.getInteger("ifMatch");
      result = pool.withTransaction(conn -> apply(conn, actor, action, id, input, ifMatch))
          .recover(e -> Future.failedFuture(e instanceof PgException pg && "40P01".equals(pg.getSqlState())
              ? ApiError.conflict("busy", "The ticket was being changed by someone else; try again") : e));
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(ticket -> {
      vertx.eventBus().publish(Addresses.PUSH_WAKE, ticket);
      msg.reply(ticket);
    }).onFailure(e -> msg.reply(ApiError.from(e).toReply()));
  }

  private Future<JsonObject> apply(SqlConnection conn, Actor actor, Action action, UUID id, JsonObject input, Integer ifMatch) {
    OffsetDateTime now = Times.now(clock);
    Action.Context ctx = new Action.Context(now, catalog, config().getJsonObject("workflow", new JsonObject()), clocks.calendar());
    return conn.preparedQuery("SELECT " + TicketRecord.COLUMNS + ", ticket_topics(tickets) AS topics FROM tickets WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(rows -> {
          JsonObject ticket = rows.size() == 0 ? null : TicketRecord.fromRow(rows.iterator().next());
          if (ticket == null || !Scope.canSee(actor, ticket)) throw ApiError.notFound("Ticket");
          List<String> earlierTopics = List.of(rows.iterator().next().getArrayOfStrings("topics"));
          if (!action.mayAct(actor, ticket)) throw ApiError.forbidden("You may not " + action.name() + " this ticket");
          if (ifMatch != null && ifMatch != ticket.getInteger("version").intValue()) {
            throw new ApiError(412, "version_mismatch", "The ticket changed since you read it (now version "
                + ticket.getInteger("version") + ")");
          }
          String status = ticket.getString("status");
          if (!action.from().isEmpty() && !action.from().contains(status)) {
            throw ApiError.conflict("invalid_transition", "Cannot " + action.name() + " a ticket that is " + status);
          }
          return action.prepare(conn, actor, ticket, input, ctx).compose(prepared -> {
            String refusal = action.refuse(actor, ticket, prepared, ctx);
            if (refusal != null) throw ApiError.conflict("invalid_transition", refusal);
            Change change = action.apply(actor, ticket, prepared, ctx);
            return run(conn, change.before, 0)
                .compose(v -> update(conn, id, change, now))
                .compose(updated -> Timeline.append(conn, id, ticket.getInteger("seq"), now, actor, change.events, earlierTopics)
                    .compose(v -> elsewhere(conn, change.elsewhere, now, actor))
                    .compose(v -> clocks.sync(conn, updated, now)));
          });
        });
  }

  private static Future<Void> run(SqlConnection conn, List<Change.Statement> statements, int i) {
    if (i == statements.size()) return Future.succeededFuture();
    Change.Statement s = statements.get(i);
    return conn.preparedQuery(s.sql()).execute(s.params()).compose(v -> run(conn, statements, i + 1));
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

  private static Future<Void> elsewhere(SqlConnection conn, List<Change.Elsewhere> changes, OffsetDateTime now, Actor actor) {
    Future<Void> chain = Future.succeededFuture();
    for (Change.Elsewhere e : changes) {
      chain = chain.compose(v -> Timeline.appendElsewhere(conn, e.ticketId(), e.setSql(), e.value(), now, actor, e.event()));
    }
    return chain;
  }

  private static UUID parseId(String id) {
    try {
      return UUID.fromString(id);
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }
}
