package org.griddispatch.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.HashSet;
import java.util.Set;

/**
 * What a report category must be: its names, priority, SLA policy and extra questions, every field
 * that deadlines ({@code sla.Deadlines}, {@code sla.Clocks}), intake and Open311 read, within ranges
 * the working calendar can count. Every problem is named in one 400; an entry that passes is
 * answered in its canonical form.
 */
public final class CategoryRules {
  private CategoryRules() {}

  public static final Set<String> PRIORITIES = Set.of("urgent", "high", "normal", "low");
  /** {@code working}: minutes of the working calendar; {@code calendar}: minutes of the clock on the wall. */
  public static final Set<String> CLOCKS = Set.of("working", "calendar");
  /** Open311's datatypes that intake knows how to check ({@code datetime} it does not). */
  static final Set<String> DATATYPES = Set.of("string", "text", "number", "singlevaluelist", "multivaluelist");
  private static final Set<String> LISTS = Set.of("singlevaluelist", "multivaluelist");
  private static final String ATTRIBUTE_CODE = "^[a-z][a-z0-9_]{0,31}$";

  // Bounds of the SLA policy. Resolving takes at most 90 days (of working time: the calendar keeps
  // at least two working hours a day, so that is counted within the calendar's ten-year reach).
  static final long MAX_RESPOND_MINUTES = 7 * 24 * 60;
  static final long MAX_REPORT_IN_MINUTES = 7 * 24 * 60;
  static final long MAX_RESOLVE_MINUTES = 90 * 24 * 60;
  static final long MAX_RATING_WINDOW_HOURS = 30 * 24;

  public static JsonObject category(String code, JsonObject body) {
    Fields f = new Fields(body);
    f.onlyKnown(Set.of("code", "name", "nameEn", "group", "defaultDeptId", "priority", "sla", "attributes", "private"));
    Boolean isPrivate = f.bool(f.body(), "private", "private");
    JsonObject out = new JsonObject().put("code", CatalogRules.key(f, "code", code))
        .put("name", f.string("name", true, 64))
        .put("nameEn", f.string("nameEn", false, 100))
        .put("group", f.string("group", false, 32))
        .put("defaultDeptId", f.string("defaultDeptId", false, 64))
        .put("priority", f.oneOf("priority", true, PRIORITIES))
        .put("sla", sla(f))
        .put("attributes", attributes(f))
        .put("private", Boolean.TRUE.equals(isPrivate));
    f.throwIfAny();
    return out;
  }

  private static JsonObject sla(Fields f) {
    JsonObject sla = f.object("sla", true);
    if (sla == null) return null;
    f.onlyKnown(sla, "sla.", Set.of("respondMinutes", "reportInMinutes", "resolveMinutes", "ratingWindowHours", "clock"));
    Long respond = f.integer(sla, "respondMinutes", "sla.respondMinutes", true, 1, MAX_RESPOND_MINUTES);
    Long reportIn = f.integer(sla, "reportInMinutes", "sla.reportInMinutes", true, 1, MAX_REPORT_IN_MINUTES);
    Long resolve = f.integer(sla, "resolveMinutes", "sla.resolveMinutes", true, 1, MAX_RESOLVE_MINUTES);
    Long ratingWindow = f.integer(sla, "ratingWindowHours", "sla.ratingWindowHours", true, 1, MAX_RATING_WINDOW_HOURS);
    String clock = f.string(sla, "clock", "sla.clock", true, 16);
    if (clock != null && !CLOCKS.contains(clock)) f.error("sla.clock", "must be one of calendar, working");
    if (respond != null && resolve != null && resolve < respond) f.error("sla.resolveMinutes", "must not be less than respondMinutes");
    return new JsonObject().put("respondMinutes", CatalogRules.intOrNull(respond))
        .put("reportInMinutes", CatalogRules.intOrNull(reportIn)).put("resolveMinutes", CatalogRules.intOrNull(resolve))
        .put("ratingWindowHours", CatalogRules.intOrNull(ratingWindow)).put("clock", clock);
  }

  /** The category's extra questions, as Open311 defines service attributes. */
  private static JsonArray attributes(Fields f) {
    JsonArray given = f.array(f.body(), "attributes", "attributes", false, 20);
    JsonArray out = new JsonArray();
    if (given == null) return out;
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String path = "attributes[" + i + "]";
      if (!(given.getValue(i) instanceof JsonObject a)) {
        f.error(path, "must be an object");
        continue;
      }
      f.onlyKnown(a, path + ".", Set.of("code", "description", "datatype", "datatype_description", "required", "values"));
      String code = f.string(a, "code", path + ".code", true, 32);
      if (code != null && !code.matches(ATTRIBUTE_CODE)) f.error(path + ".code", "lower-case letters, digits and '_'");
      else if (code != null && !codes.add(code)) f.error(path + ".code", "repeats an earlier question's code");
      String datatype = f.string(a, "datatype", path + ".datatype", true, 32);
      if (datatype != null && !DATATYPES.contains(datatype)) {
        f.error(path + ".datatype", "must be one of " + String.join(", ", DATATYPES.stream().sorted().toList()));
      }
      JsonObject attribute = new JsonObject().put("code", code)
          .put("description", f.string(a, "description", path + ".description", true, 200))
          .put("datatype", datatype)
          .put("required", Boolean.TRUE.equals(f.bool(a, "required", path + ".required")));
      String explained = f.string(a, "datatype_description", path + ".datatype_description", false, 200);
      if (explained != null) attribute.put("datatype_description", explained);
      if (LISTS.contains(datatype)) attribute.put("values", values(f, a, path));
      else if (a.containsKey("values")) f.error(path + ".values", "only for singlevaluelist and multivaluelist");
      out.add(attribute);
    }
    return out;
  }

  private static JsonArray values(Fields f, JsonObject attribute, String path) {
    JsonArray given = f.array(attribute, "values", path + ".values", true, 50);
    JsonArray out = new JsonArray();
    if (given == null) return out;
    if (given.isEmpty()) f.error(path + ".values", "must not be empty");
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String at = path + ".values[" + i + "]";
      if (!(given.getValue(i) instanceof JsonObject v)) {
        f.error(at, "must be an object");
        continue;
      }
      f.onlyKnown(v, at + ".", Set.of("key", "name"));
      String key = f.string(v, "key", at + ".key", true, 64);
      if (key != null && !keys.add(key)) f.error(at + ".key", "repeats an earlier key");
      out.add(new JsonObject().put("key", key).put("name", f.string(v, "name", at + ".name", true, 100)));
    }
    return out;
  }
}
