package org.griddispatch.subdistrict;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.HashSet;
import java.util.Set;

/**
 * A report category as a subdistrict's files give it: its names, group, default department,
 * priority, complete SLA policy ({@link SlaPolicy}), extra questions (Open311 attributes) and whether
 * its reports are private.
 */
record CategorySpec(String code, String name, String nameEn, String group, String defaultDeptId, String priority,
                    JsonObject sla, JsonArray attributes, boolean isPrivate) {
  static final Set<String> KNOWN = Set.of("code", "name", "nameEn", "group", "defaultDeptId", "priority", "sla", "attributes", "private");
  static final Set<String> PRIORITIES = Set.of("urgent", "high", "normal", "low");
  static final String CODE = "^[a-z][a-z0-9_]{0,63}$";
  /** Open311's attribute datatypes. */
  static final Set<String> DATATYPES = Set.of("string", "number", "datetime", "text", "singlevaluelist", "multivaluelist");
  private static final int MAX_ATTRIBUTES = 20;

  /** Reads the category; {@code departments} are the ids it may name. */
  static CategorySpec read(Fields f, Set<String> departments) {
    f.onlyKnown(KNOWN);
    String code = f.matching("code", true, CODE, "lower-case letters, digits and '_', starting with a letter");
    String name = f.string("name", true, 64);
    String nameEn = f.string("nameEn", false, 128);
    String group = f.string("group", false, 64);
    String dept = f.string("defaultDeptId", false, 64);
    if (dept != null && !departments.contains(dept)) f.error("defaultDeptId", "unknown department " + dept);
    String priority = f.oneOf("priority", true, PRIORITIES);
    JsonObject sla = SlaPolicy.read(f);
    JsonArray attributes = attributes(f);
    Boolean isPrivate = f.bool(f.body(), "private", "private");
    return new CategorySpec(code, name, nameEn, group, dept, priority, sla, attributes, Boolean.TRUE.equals(isPrivate));
  }

  /** The extra questions, as {@code intake} and Open311 read them: code, description, datatype, required, values. */
  private static JsonArray attributes(Fields f) {
    Object given = f.body().getValue("attributes");
    JsonArray out = new JsonArray();
    if (given == null) return out;
    if (!(given instanceof JsonArray list) || list.size() > MAX_ATTRIBUTES) {
      f.error("attributes", "must be an array of at most " + MAX_ATTRIBUTES + " questions");
      return out;
    }
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "attributes[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject a)) {
        f.error(at, "must be an object");
        continue;
      }
      for (String k : a.fieldNames()) {
        if (!Set.of("code", "description", "datatype", "required", "values").contains(k)) f.error(at + "." + k, "unknown field");
      }
      String code = f.string(a, "code", at + ".code", true, 64);
      if (code != null && !codes.add(code)) f.error(at + ".code", "repeats an earlier question's code");
      String description = f.string(a, "description", at + ".description", true, 200);
      String datatype = f.string(a, "datatype", at + ".datatype", true, 32);
      if (datatype != null && !DATATYPES.contains(datatype)) f.error(at + ".datatype", "must be one of " + String.join(", ", DATATYPES.stream().sorted().toList()));
      Boolean required = f.bool(a, "required", at + ".required");
      JsonObject question = new JsonObject().put("code", code).put("description", description).put("datatype", datatype)
          .put("required", Boolean.TRUE.equals(required));
      if (datatype != null && datatype.endsWith("valuelist")) question.put("values", values(f, a, at));
      else if (a.containsKey("values")) f.error(at + ".values", "only list questions have values");
      out.add(question);
    }
    return out;
  }

  private static JsonArray values(Fields f, JsonObject question, String at) {
    JsonArray out = new JsonArray();
    if (!(question.getValue("values") instanceof JsonArray values) || values.isEmpty()) {
      f.error(at + ".values", "a list question needs its values [{key, name}]");
      return out;
    }
    Set<String> keys = new HashSet<>();
    for (int j = 0; j < values.size(); j++) {
      String vat = at + ".values[" + j + "]";
      if (!(values.getValue(j) instanceof JsonObject v)) {
        f.error(vat, "must be {key, name}");
        continue;
      }
      String key = f.string(v, "key", vat + ".key", true, 64);
      String name = f.string(v, "name", vat + ".name", true, 100);
      if (key != null && !keys.add(key)) f.error(vat + ".key", "repeats an earlier value's key");
      out.add(new JsonObject().put("key", key).put("name", name));
    }
    return out;
  }
}
