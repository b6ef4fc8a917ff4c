package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.Json;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Appends events to a ticket's timeline; always inside the transaction that changes the ticket. */
public final class Timeline {
  private Timeline() {}

  /** An event about to be written: its type and data; seq, time and actor come from the change. */
  public record NewEvent(String type, JsonObject data) {}

  private static final String INSERT = """
      INSERT INTO ticket_events (ticket_id, seq, type, at, actor_id, actor_role, actor_name, data, topics)
      SELECT $1, $2 + n, t, $4, $5, $6, $7, d::jsonb,
             (SELECT array_agg(DISTINCT topic) FROM unnest(ticket_topics(k) || $9::text[]) AS topic)
      FROM unnest($3::text[], $8::text[]) WITH ORDINALITY AS x(t, d, n), tickets k
      WHERE k.id = $1
      """;

  /**
   * Writes the events with the seq numbers after {@code lastSeq}. They go to the topics of the ticket as it now stands
   * (call after updating it) and to {@code earlierTopics}, those of the ticket before the change,
   * so that a worker who loses a ticket still hears that it went.
   */
  public static Future<Void> append(SqlConnection conn, UUID ticketId, int lastSeq, OffsetDateTime at, Actor actor,
                                         List<NewEvent> events, List<String> earlierTopics) {
    String[] types = events.stream().map(NewEvent::type).toArray(String[]::new);
    String[] data = events.stream().map(e -> (e.data() == null ? new JsonObject() : e.data()).encode()).toArray(String[]::new);
    return conn.preparedQuery(INSERT)
        .execute(Tuple.of(ticketId, lastSeq, types, at, actor.id(), actor.role().wire(), actor.name()).addValue(data)
            .addValue(earlierTopics.toArray(String[]::new)))
        .mapEmpty();
  }

  public static JsonObject toJson(Row r) {
    return new JsonObject()
        .put("seq", r.getInteger("seq"))
        .put("type", r.getString("type"))
        .put("at", Json.time(r.getOffsetDateTime("at")))
        .put("actor", r.getString("actor_id") == null ? null : new JsonObject().put("id", r.getString("actor_id"))
            .put("role", r.getString("actor_role")).put("name", r.getString("actor_name")))
        .put("data", Json.obj(r.getValue("data")));
  }
}
