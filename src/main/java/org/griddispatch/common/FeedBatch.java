package org.griddispatch.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The body of {@link Addresses#PUSH_EVENTS}: a run of the event stream as the feeder publishes it,
 * {@code {from, to, events:[…], tickets:{id: record}}}. It is written and read only here because nodes
 * of different versions exchange it over the cluster, so its JSON must not change. {@code from} is the
 * stream position the run follows and {@code to} that of its last event (cursors, {@code "<tx>.<id>"});
 * {@code events} are in stream order; {@code tickets} holds each of their tickets as it now stands.
 * A run without events ({@code from} = {@code to}) is the feeder's beat on a quiet stream: its position.
 */
public record FeedBatch(String from, String to, JsonArray events, JsonObject tickets) {
  public JsonObject toJson() {
    return new JsonObject().put("from", from).put("to", to).put("events", events).put("tickets", tickets);
  }

  /** One event as the stream carries it; {@code at} as {@link Json#time}, {@code actorId} null for none. */
  public static JsonObject event(String cursor, String ticketId, int seq, String type, String at, String actorId,
                                 String actorRole, String actorName, JsonObject data, JsonArray topics) {
    return new JsonObject()
        .put("cursor", cursor)
        .put("ticketId", ticketId)
        .put("seq", seq)
        .put("type", type)
        .put("at", at)
        .put("actor", actorId == null ? null : new JsonObject().put("id", actorId).put("role", actorRole).put("name", actorName))
        .put("data", data)
        .put("topics", topics);
  }

  public static FeedBatch fromJson(JsonObject body) {
    return new FeedBatch(body.getString("from"), body.getString("to"), body.getJsonArray("events"),
        body.getJsonObject("tickets", new JsonObject()));
  }
}
