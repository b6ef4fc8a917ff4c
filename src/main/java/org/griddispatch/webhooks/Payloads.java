package org.griddispatch.webhooks;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.ticket.TicketRecord;
import org.griddispatch.ticket.TicketView;
import org.griddispatch.ticket.Timeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The bodies of a batch of deliveries, read in two statements: {@code {deliveryId, event, ticket}},
 * the event as the timeline has it and the ticket as it stands when sent, in its public form for
 * someone outside it (the phone masked).
 */
final class Payloads {
  private Payloads() {}

  private static final Actor RECEIVER = new Actor("webhook", Role.SYSTEM, "webhook", List.of(), null);

  static Future<Map<UUID, Buffer>> of(Pool pool, List<Deliveries.Claimed> batch) {
    UUID[] tickets = batch.stream().map(Deliveries.Claimed::ticketId).toArray(UUID[]::new);
    Integer[] seqs = batch.stream().map(Deliveries.Claimed::seq).toArray(Integer[]::new);
    Future<Map<String, JsonObject>> events = pool.preparedQuery("""
            SELECT e.* FROM ticket_events e JOIN unnest($1::uuid[], $2::int[]) AS k (ticket_id, seq)
              ON e.ticket_id = k.ticket_id AND e.seq = k.seq""")
        .execute(Tuple.of(tickets).addValue(seqs)).map(rows -> { // Tuple.of(a, b) would spread an array b as its varargs
          Map<String, JsonObject> byKey = new HashMap<>();
          for (Row r : rows) byKey.put(r.getUUID("ticket_id") + "/" + r.getInteger("seq"), Timeline.toJson(r));
          return byKey;
        });
    Future<Map<UUID, JsonObject>> records = pool.preparedQuery("SELECT " + TicketRecord.COLUMNS + " FROM tickets WHERE id = ANY ($1)")
        .execute(Tuple.of((Object) tickets)).map(rows -> {
          Map<UUID, JsonObject> byId = new HashMap<>();
          for (Row r : rows) byId.put(r.getUUID("id"), ticket(TicketRecord.fromRow(r)));
          return byId;
        });
    return Future.all(events, records).map(v -> {
      Map<UUID, Buffer> bodies = new HashMap<>();
      for (Deliveries.Claimed d : batch) {
        bodies.put(d.id(), new JsonObject().put("deliveryId", d.id().toString())
            .put("event", events.result().get(d.ticketId() + "/" + d.seq()))
            .put("ticket", records.result().get(d.ticketId())).toBuffer());
      }
      return bodies;
    });
  }

  private static JsonObject ticket(JsonObject record) {
    JsonObject view = TicketView.render(record, RECEIVER);
    view.remove("allowedActions"); // what a person could do next means nothing to a receiver
    return view;
  }
}
