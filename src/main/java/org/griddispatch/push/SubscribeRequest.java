package org.griddispatch.push;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

/**
 * A client's {@code {"op":"subscribe"}} as read off the socket, before anything is asked of the hub:
 * the topic's name, the cursor it resumes after (null for none) and the most missed events it wants
 * replayed (null: every one).
 */
record SubscribeRequest(String topic, Cursor after, Integer replayLimit) {
  /** The most a client may ask to have replayed before it would rather reload (a busy centre's week). */
  static final int MAX_REPLAY_LIMIT = 100_000;

  /** The request, or an {@link IllegalArgumentException} whose message is the refusal's text ({@code bad_request}). */
  static SubscribeRequest read(JsonObject msg) {
    String topic = msg.getValue("topic") instanceof String s ? s : null;
    if (!Topic.isNamed(topic)) throw new IllegalArgumentException("A topic is required");
    Cursor after;
    try {
      after = msg.getValue("after") == null ? null : Cursor.parse(String.valueOf(msg.getValue("after")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Not a cursor this server gave out");
    }
    Fields fields = new Fields(msg);
    Integer replayLimit = fields.whole(msg, "replayLimit", "replayLimit", false, 1, MAX_REPLAY_LIMIT);
    if (fields.hasError("replayLimit")) {
      throw new IllegalArgumentException("replayLimit " + fields.problems().getString("replayLimit"));
    }
    return new SubscribeRequest(topic, after, replayLimit);
  }
}
