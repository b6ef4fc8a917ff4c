package org.griddispatch.webhooks;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.ticket.TicketRecord;
import org.griddispatch.ticket.TicketView;
import org.griddispatch.ticket.Timeline;

import java.time.Instant;
import java.util.ArrayList;
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

  /**
   * The bodies of a batch; a {@code resolved} event's also carries the 回单: {@code resolution:
   * {note, resolvedAt, photos: [{id, contentType, size, url, expiresAt}]}} with links signed for
   * its subscription ({@link PhotoLinks}).
   */
  static Future<Map<UUID, Buffer>> of(Pool pool, List<Deliveries.Claimed> batch, PhotoLinks links, Instant now) {
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
    // the photos only for a batch with a resolution in it: most batches carry none
    Future<Map<UUID, List<Row>>> photos = events.compose(byKey -> {
      UUID[] resolved = byKey.entrySet().stream().filter(e -> "resolved".equals(e.getValue().getString("type")))
          .map(e -> UUID.fromString(e.getKey().substring(0, e.getKey().indexOf('/')))).distinct().toArray(UUID[]::new);
      if (resolved.length == 0) return Future.succeededFuture(Map.of());
      return pool.preparedQuery("SELECT id, ticket_id, content_type, size FROM attachments WHERE ticket_id = ANY ($1) ORDER BY created_at, id")
          .execute(Tuple.of((Object) resolved)).map(rows -> {
            Map<UUID, List<Row>> byTicket = new HashMap<>();
            for (Row r : rows) byTicket.computeIfAbsent(r.getUUID("ticket_id"), k -> new ArrayList<>()).add(r);
            return byTicket;
          });
    });
    return Future.all(events, records, photos).map(v -> {
      Map<UUID, Buffer> bodies = new HashMap<>();
      for (Deliveries.Claimed d : batch) {
        JsonObject event = events.result().get(d.ticketId() + "/" + d.seq());
        JsonObject body = new JsonObject().put("deliveryId", d.id().toString()).put("event", event)
            .put("ticket", records.result().get(d.ticketId()));
        if (event != null && "resolved".equals(event.getString("type"))) {
          JsonArray attached = new JsonArray();
          for (Row p : photos.result().getOrDefault(d.ticketId(), List.of())) {
            attached.add(links.entry(d.webhookId(), d.secret(), p.getUUID("id"), p.getString("content_type"), p.getInteger("size"), now));
          }
          JsonObject data = event.getJsonObject("data", new JsonObject());
          body.put("resolution", new JsonObject().put("note", data.getString("note")).put("resolvedAt", event.getString("at"))
              .put("photos", attached));
        }
        bodies.put(d.id(), body.toBuffer());
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
