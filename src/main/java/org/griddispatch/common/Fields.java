package org.griddispatch.common;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a request body field by field and collects every problem, so one 400 answer names all the
 * fields that are wrong ({@code fields: {name: reason}}) instead of the first one only.
 */
public final class Fields {
  private final JsonObject body;
  private final JsonObject errors = new JsonObject();

  public Fields(JsonObject body) { this.body = body == null ? new JsonObject() : body; }

  public JsonObject body() { return body; }

  public void error(String field, String reason) {
    if (!errors.containsKey(field)) errors.put(field, reason);
  }

  public boolean hasError(String field) { return errors.containsKey(field); }

  /** The problems found so far, {@code {field: reason}}: for callers that report them other than as a 400. */
  public JsonObject problems() { return errors.copy(); }

  public String string(String field, boolean required, int maxLength) {
    return string(body, field, field, required, maxLength);
  }

  /** A string of {@code parent} named {@code field}, reported as {@code path}. */
  public String string(JsonObject parent, String field, String path, boolean required, int maxLength) {
    Object v = parent.getValue(field);
    if (v == null) {
      if (required) error(path, "required");
      return null;
    }
    if (!(v instanceof String s)) {
      error(path, "must be a string");
      return null;
    }
    String trimmed = s.strip();
    if (trimmed.isEmpty()) {
      if (required) error(path, "must not be empty");
      return null;
    }
    if (trimmed.codePointCount(0, trimmed.length()) > maxLength) {
      error(path, "at most " + maxLength + " characters");
      return null;
    }
    String why = Text.problem(trimmed);
    if (why != null) {
      error(path, why);
      return null;
    }
    return trimmed;
  }

  public String oneOf(String field, boolean required, Set<String> allowed) {
    String v = string(field, required, 64);
    if (v != null && !allowed.contains(v)) {
      error(field, "must be one of " + String.join(", ", allowed.stream().sorted().toList()));
      return null;
    }
    return v;
  }

  public String matching(String field, boolean required, String regex, String reason) {
    String v = string(field, required, 256);
    if (v != null && !v.matches(regex)) {
      error(field, reason);
      return null;
    }
    return v;
  }

  public JsonObject object(String field, boolean required) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) error(field, "required");
      return null;
    }
    if (!(v instanceof JsonObject o)) {
      error(field, "must be an object");
      return null;
    }
    return o;
  }

  public Double number(JsonObject parent, String field, String path, double min, double max) {
    Object v = parent.getValue(field);
    if (v == null) {
      error(path, "required");
      return null;
    }
    if (!(v instanceof Number n) || Double.isNaN(n.doubleValue()) || Double.isInfinite(n.doubleValue())) {
      error(path, "must be a number");
      return null;
    }
    double d = n.doubleValue();
    if (d < min || d > max) {
      error(path, "must be between " + min + " and " + max);
      return null;
    }
    return d;
  }

  /** A whole number of {@code parent} within [min, max], reported as {@code path}. */
  public Long integer(JsonObject parent, String field, String path, boolean required, long min, long max) {
    Object v = parent.getValue(field);
    if (v == null) {
      if (required) error(path, "required");
      return null;
    }
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() != Math.rint(n.doubleValue())) {
      error(path, "must be a whole number");
      return null;
    }
    if (n.doubleValue() < min || n.doubleValue() > max) {
      error(path, "must be between " + min + " and " + max);
      return null;
    }
    return n.longValue();
  }

  /** A true or false of {@code parent}, reported as {@code path}; null when absent. */
  public Boolean bool(JsonObject parent, String field, String path) {
    Object v = parent.getValue(field);
    if (v != null && !(v instanceof Boolean)) error(path, "true or false");
    return v instanceof Boolean b ? b : null;
  }

  /** An array of {@code parent} with at most {@code maxItems} items, reported as {@code path}; null when absent or wrong. */
  public JsonArray array(JsonObject parent, String field, String path, boolean required, int maxItems) {
    Object v = parent.getValue(field);
    if (v == null) {
      if (required) error(path, "required");
      return null;
    }
    if (!(v instanceof JsonArray a)) {
      error(path, "must be an array");
      return null;
    }
    if (a.size() > maxItems) {
      error(path, "at most " + maxItems + " items");
      return null;
    }
    return a;
  }

  public List<String> strings(String field, boolean required, int maxItems, int maxLength) {
    Object v = body.getValue(field);
    List<String> out = new ArrayList<>();
    if (v == null) {
      if (required) error(field, "required");
      return out;
    }
    if (!(v instanceof JsonArray a)) {
      error(field, "must be an array of strings");
      return out;
    }
    if (a.size() > maxItems) {
      error(field, "at most " + maxItems + " items");
      return out;
    }
    for (Object o : a) {
      if (!(o instanceof String s) || s.isBlank() || s.length() > maxLength) {
        error(field, "must be an array of non-empty strings");
        return new ArrayList<>();
      }
      if (!out.contains(s.strip())) out.add(s.strip());
    }
    if (required && out.isEmpty()) error(field, "must not be empty");
    return out;
  }

  /** A whole number of {@code parent} within [min, max], reported as {@code path}. */
  public Integer whole(JsonObject parent, String field, String path, boolean required, long min, long max) {
    Object v = parent.getValue(field);
    if (v == null) {
      if (required) error(path, "required");
      return null;
    }
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < min || n.doubleValue() > max) {
      error(path, "must be a whole number from " + min + " to " + max);
      return null;
    }
    return n.intValue();
  }

  /** Rejects fields the endpoint does not know, so typos are not silently ignored. */
  public void onlyKnown(Set<String> known) {
    onlyKnown(body, "", known);
  }

  /** The same for an object nested in the body, its fields reported under {@code prefix} (e.g. {@code "sla."}). */
  public void onlyKnown(JsonObject parent, String prefix, Set<String> known) {
    for (String name : parent.fieldNames()) if (!known.contains(name)) error(prefix + name, "unknown field");
  }

  public void throwIfAny() {
    if (!errors.isEmpty()) throw ApiError.invalid(errors.copy());
  }
}
