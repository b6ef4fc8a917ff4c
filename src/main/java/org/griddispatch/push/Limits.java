package org.griddispatch.push;

import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The socket limits, from the {@code push} section of the config. {@code closeGraceMillis}: how long
 * a socket the server closes keeps its connection for the close frame to get out, at most.
 */
public record Limits(int maxMessageBytes, int maxSubscriptions, double messagesPerSecond, int messageBurst,
                     int maxPendingFrames, long heartbeatMillis, long closeGraceMillis, List<String> allowedOrigins) {
  public static Limits from(JsonObject config) {
    JsonObject push = config.getJsonObject("push", new JsonObject());
    return new Limits(
        push.getInteger("maxMessageBytes", 8 * 1024),
        push.getInteger("maxSubscriptions", 100),
        push.getDouble("messagesPerSecond", 20.0),
        push.getInteger("messageBurst", 40),
        push.getInteger("maxPendingFrames", 1000),
        push.getLong("heartbeatMillis", 30_000L),
        push.getLong("closeGraceMillis", 5_000L),
        push.getJsonArray("allowedOrigins", new io.vertx.core.json.JsonArray()).stream().map(String::valueOf).toList());
  }
}
