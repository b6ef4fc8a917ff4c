package org.griddispatch.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Small conversions used when turning rows into the contract's JSON. */
public final class Json {
  private Json() {}

  public static String time(OffsetDateTime t) {
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  public static JsonArray array(String[] values) {
    JsonArray out = new JsonArray();
    if (values != null) for (String v : values) out.add(v);
    return out;
  }

  public static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) for (Object o : array) out.add(String.valueOf(o));
    return out;
  }

  public static JsonObject obj(Object value) {
    if (value == null) return new JsonObject();
    if (value instanceof JsonObject o) return o;
    return new JsonObject(value.toString());
  }
}
