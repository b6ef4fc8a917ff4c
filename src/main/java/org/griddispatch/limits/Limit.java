package org.griddispatch.limits;

import io.vertx.core.json.JsonObject;

/**
 * At most {@code max} of something in a fixed window of {@code windowSeconds}; beyond it the caller is
 * refused with 429 and the error {@code code}.
 */
public record Limit(String name, int max, int windowSeconds, String code, String message) {
  public Limit {
    if (max < 1 || windowSeconds < 1) {
      throw new IllegalArgumentException("limits." + name + ": max and windowSeconds must be at least 1");
    }
  }

  /** Reads {@code {max, windowSeconds}} from {@code json}, each falling back to its default. */
  static Limit from(JsonObject json, String name, int max, int windowSeconds, String code, String message) {
    JsonObject j = json == null ? new JsonObject() : json;
    return new Limit(name, j.getInteger("max", max), j.getInteger("windowSeconds", windowSeconds), code, message);
  }

  public JsonObject describe() {
    return new JsonObject().put("limit", name).put("max", max).put("windowSeconds", windowSeconds);
  }
}
