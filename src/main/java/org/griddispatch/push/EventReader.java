package org.griddispatch.push;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.common.FeedBatch;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.TicketRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The SQL of the event stream: what the feeder publishes and what a resuming socket replays. */
public final class EventReader {
  private EventReader() {}

  /** A run of events in stream order, with the tickets they are about. */
  public record Batch(JsonArray events, JsonObject tickets, Cursor last) {
    public boolean isEmpty() { return events.isEmpty(); }

    /** The ticket an event of this batch is about, as it now stands; null when it is not here. */
    public JsonObject ticketOf(JsonObject event) { return tickets.getJsonObject(event.getString("ticketId")); }
  }

  private static final String COLUMNS = "e.id, e.tx::text AS tx, e.ticket_id, e.seq, e.type, e.at, e.actor_id, e.actor_role,"
      + " e.actor_name, e.data, e.topics";

  /**
   * Events after {@code after} whose transactions, and all before them, have finished: safe to hand
   * out. Their tickets come from {@code recent} when it has them as of their events, else from the database.
   */
  static Future<Batch> stable(SqlClient db, Cursor after, int limit, RecentTickets recent) {
    return read(db, "SELECT " + COLUMNS + " FROM ticket_events e WHERE (e.tx, e.id) > ($1::text::xid8, $2)"
        + " AND e.tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY e.tx, e.id LIMIT $3",
        Tuple.of(Long.toUnsignedString(after.tx()), after.id(), limit), recent);
  }

  /**
   * Events in (after, upTo], of one topic or (topic null) of all. A ticket's few events are found
   * through the topics index; any other topic (the centre, a grid, a department, a person's feed) has
   * events all through the history, so its events are read along the stream between the two
   * positions and never looked up through that index, which would read the topic's whole history
   * (docs/performance.md#years-of-history).
   */
  public static Future<Batch> range(SqlClient db, String topic, Cursor after, Cursor upTo, int limit) {
    return read(db, "SELECT " + COLUMNS + " FROM ticket_events e WHERE " + inRange(topic) + " ORDER BY e.tx, e.id LIMIT $6",
        rangeParams(topic, after, upTo, limit), null);
  }

  /**
   * How many events {@link #range} would give, counted no further than {@code atMost}: whether a
   * replay is short enough to send is known from as many index entries as it allows.
   */
  static Future<Integer> countRange(SqlClient db, String topic, Cursor after, Cursor upTo, int atMost) {
    return db.preparedQuery("SELECT count(*)::int AS n FROM (SELECT 1 FROM ticket_events e WHERE " + inRange(topic)
            + " ORDER BY e.tx, e.id LIMIT $6) x")
        .execute(rangeParams(topic, after, upTo, atMost))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /** The condition of a range: $1 the topic, ($2, $3) after, ($4, $5) up to; see {@link #range} for why by topic kind. */
  private static String inRange(String topic) {
    String ofTopic = topic == null ? "$1::text IS NULL"
        : topic.startsWith("ticket:") ? "e.topics @> ARRAY[$1::text]" : "(e.topics || '{}'::text[]) @> ARRAY[$1::text]";
    return ofTopic + " AND (e.tx, e.id) > ($2::text::xid8, $3) AND (e.tx, e.id) <= ($4::text::xid8, $5)";
  }

  private static Tuple rangeParams(String topic, Cursor after, Cursor upTo, int limit) {
    return Tuple.of(topic, Long.toUnsignedString(after.tx()), after.id(), Long.toUnsignedString(upTo.tx()), upTo.id(), limit);
  }

  /** The newest position that is safe to hand out now. */
  public static Future<Cursor> stableEnd(SqlClient db) {
    return db.query("SELECT e.tx::text AS tx, e.id FROM ticket_events e"
            + " WHERE e.tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY e.tx DESC, e.id DESC LIMIT 1").execute()
        .map(rows -> rows.size() == 0 ? Cursor.ZERO
            : new Cursor(Long.parseUnsignedLong(rows.iterator().next().getString("tx")), rows.iterator().next().getLong("id")));
  }

  private static Future<Batch> read(SqlClient db, String sql, Tuple params, RecentTickets recent) {
    return db.preparedQuery(sql).execute(params).compose(rows -> {
      JsonArray events = new JsonArray();
      Map<UUID, Integer> newestSeq = new LinkedHashMap<>();
      Cursor last = null;
      for (Row r : rows) {
        last = new Cursor(Long.parseUnsignedLong(r.getString("tx")), r.getLong("id"));
        newestSeq.merge(r.getUUID("ticket_id"), r.getInteger("seq"), Math::max);
        events.add(FeedBatch.event(last.toString(), r.getUUID("ticket_id").toString(), r.getInteger("seq"), r.getString("type"),
            Json.time(r.getOffsetDateTime("at")), r.getString("actor_id"), r.getString("actor_role"), r.getString("actor_name"),
            Json.obj(r.getValue("data")), Json.array(r.getArrayOfStrings("topics"))));
      }
      Cursor end = last;
      JsonObject tickets = new JsonObject();
      List<UUID> unknown = new ArrayList<>();
      newestSeq.forEach((id, seq) -> {
        JsonObject known = recent == null ? null : recent.asOf(id.toString(), seq);
        if (known != null) tickets.put(id.toString(), known);
        else unknown.add(id);
      });
      if (unknown.isEmpty()) return Future.succeededFuture(new Batch(events, tickets, end));
      return db.preparedQuery("SELECT " + TicketRecord.COLUMNS + " FROM tickets WHERE id = ANY($1)")
          .execute(Tuple.of(unknown.toArray(UUID[]::new)))
          .map(ticketRows -> {
            ticketRows.forEach(t -> tickets.put(t.getUUID("id").toString(), TicketRecord.fromRow(t)));
            return new Batch(events, tickets, end);
          });
    });
  }
}
