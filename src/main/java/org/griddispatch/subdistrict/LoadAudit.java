package org.griddispatch.subdistrict;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What a load changed, part by part (departments, categories, services, users, grids): what changed,
 * and the rows before and after, for the one audit row the load writes.
 */
final class LoadAudit {
  final JsonObject changed = new JsonObject();
  final JsonObject before = new JsonObject();
  final JsonObject after = new JsonObject();

  void record(String part, Object what, JsonArray rowsBefore, JsonArray rowsAfter) {
    changed.put(part, what);
    before.put(part, rowsBefore);
    after.put(part, rowsAfter);
  }

  boolean isEmpty() { return changed.isEmpty(); }

  /** The rows whose {@code keyField} is one of {@code keys}: the ones a change touched. */
  static JsonArray only(JsonArray rows, String keyField, List<String> keys) {
    return new JsonArray(rows.stream().filter(r -> keys.contains(((JsonObject) r).getString(keyField))).toList());
  }
}
