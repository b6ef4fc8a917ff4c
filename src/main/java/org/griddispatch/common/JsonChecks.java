package org.griddispatch.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * A decoded request body checked as a whole, before any handler reads it: every name and every
 * string follows {@link Text}, every number is finite. One pass here covers the fields that no
 * {@link Fields} check reads (free-form answers, nested data), and the sign-in, whose username would
 * otherwise reach the database as invalid UTF-8.
 */
public final class JsonChecks {
  /** Enough to show a client what is wrong without echoing a hostile body back. */
  private static final int MAX_REPORTED = 20;

  private JsonChecks() {}

  /** The offending fields as {@code {path: reason}}; empty when the body is fine. */
  public static JsonObject problems(JsonObject body) {
    JsonObject out = new JsonObject();
    walk(body, "", out);
    return out;
  }

  private static void walk(Object value, String path, JsonObject out) {
    if (out.size() >= MAX_REPORTED) return;
    if (value instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        String here = path.isEmpty() ? printable(e.getKey()) : path + "." + printable(e.getKey());
        String why = Text.problem(e.getKey());
        if (why != null) out.put(here, "name " + why);
        walk(e.getValue(), here, out);
      }
    } else if (value instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) walk(a.getValue(i), path + "[" + i + "]", out);
    } else if (value instanceof String s) {
      String why = Text.problem(s);
      if (why != null) out.put(path, why);
    } else if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
      out.put(path, "must be a finite number");
    }
  }

  /** A field name as it can be shown back: what Text refuses becomes U+FFFD. */
  private static String printable(String name) {
    if (Text.problem(name) == null) return name;
    StringBuilder sb = new StringBuilder();
    name.codePoints().forEach(cp -> sb.appendCodePoint(Text.problem(new String(Character.toChars(cp))) == null ? cp : 0xFFFD));
    return sb.toString();
  }
}
