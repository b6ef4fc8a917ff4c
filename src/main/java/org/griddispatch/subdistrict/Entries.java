package org.griddispatch.subdistrict;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The entries of a file that lists them (departments.json, categories.json, …): each one read with
 * {@link Fields} and its problems reported at the lines they are on, named by the entry's key
 * ({@code category gas_leak: sla.clock: required}); keys that repeat are problems too.
 */
final class Entries {
  private Entries() {}

  /** One entry being read: its fields, and where to report what is wrong with it. */
  record Entry(JsonDocument doc, int index, Fields fields, String label) {
    /** Reports every problem {@code fields} collected. */
    void report(List<Problem> out) {
      fields.problems().forEach(e -> out.add(doc.problem("/" + index + JsonDocument.pointer(e.getKey()),
          label + ": " + e.getKey() + ": " + e.getValue())));
    }
  }

  /**
   * Reads each entry of the document with {@code read}, which answers the checked value or null; the
   * checked values are answered in file order. {@code noun} and {@code key} name entries in messages.
   */
  static <T> List<T> read(JsonDocument doc, String noun, String key, List<Problem> out, Function<Entry, T> read) {
    List<T> values = new ArrayList<>();
    if (!(doc.value instanceof JsonArray entries)) {
      out.add(doc.problem("", "must be a JSON array of " + noun + " objects"));
      return values;
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      if (!(entries.getValue(i) instanceof JsonObject json)) {
        out.add(doc.problem("/" + i, noun + " #" + (i + 1) + ": must be an object"));
        continue;
      }
      String name = json.getValue(key) instanceof String s && !s.isBlank() ? s.strip() : null;
      Entry entry = new Entry(doc, i, new Fields(json), noun + " " + (name != null ? name : "#" + (i + 1)));
      T value = read.apply(entry);
      entry.report(out);
      if (name != null) {
        Integer first = seen.putIfAbsent(name, i);
        if (first != null) {
          out.add(doc.problem("/" + i + "/" + key, entry.label() + ": " + key + " repeats the one on line " + doc.line("/" + first)));
        }
      }
      if (value != null && entry.fields().problems().isEmpty()) values.add(value);
    }
    return values;
  }
}
