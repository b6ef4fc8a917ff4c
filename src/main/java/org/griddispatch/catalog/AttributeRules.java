package org.griddispatch.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.HashSet;
import java.util.Set;

/** A category's extra questions, as Open311 defines service attributes and intake checks the answers. */
final class AttributeRules {
  private AttributeRules() {}

  private static final int MAX_QUESTIONS = 20;
  private static final int MAX_VALUES = 50;
  /** The datatypes intake knows how to check: Open311's {@code datetime} it does not, so none is offered. */
  private static final Set<String> DATATYPES = Set.of("string", "text", "number", "singlevaluelist", "multivaluelist");
  private static final Set<String> LISTS = Set.of("singlevaluelist", "multivaluelist");
  private static final Set<String> FIELDS = Set.of("code", "description", "datatype", "datatype_description", "required", "values");
  /** Answers are keyed by the code ({@code attributes.<code>}): short, and safe in a field path. */
  private static final String CODE = "^[a-z][a-z0-9_]{0,31}$";

  /** The questions under {@code attributes} (none when absent); problems are named {@code attributes[i].<field>}. */
  static JsonArray attributes(Fields f) {
    JsonArray given = f.array(f.body(), "attributes", "attributes", false, MAX_QUESTIONS);
    JsonArray out = new JsonArray();
    if (given == null) return out;
    Set<String> codes = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String path = "attributes[" + i + "]";
      if (!(given.getValue(i) instanceof JsonObject a)) {
        f.error(path, "must be an object");
        continue;
      }
      f.onlyKnown(a, path + ".", FIELDS);
      String code = f.string(a, "code", path + ".code", true, 32);
      if (code != null && !code.matches(CODE)) f.error(path + ".code", "lower-case letters, digits and '_', starting with a letter");
      else if (code != null && !codes.add(code)) f.error(path + ".code", "repeats an earlier question's code");
      String datatype = f.string(a, "datatype", path + ".datatype", true, 32);
      if (datatype != null && !DATATYPES.contains(datatype)) {
        f.error(path + ".datatype", "must be one of " + String.join(", ", DATATYPES.stream().sorted().toList()));
      }
      JsonObject question = new JsonObject().put("code", code)
          .put("description", f.string(a, "description", path + ".description", true, 200))
          .put("datatype", datatype)
          .put("required", Boolean.TRUE.equals(f.bool(a, "required", path + ".required")));
      String explained = f.string(a, "datatype_description", path + ".datatype_description", false, 200);
      if (explained != null) question.put("datatype_description", explained);
      if (LISTS.contains(datatype)) question.put("values", values(f, a, path));
      else if (a.containsKey("values")) f.error(path + ".values", "only for singlevaluelist and multivaluelist");
      out.add(question);
    }
    return out;
  }

  private static JsonArray values(Fields f, JsonObject question, String path) {
    JsonArray given = f.array(question, "values", path + ".values", true, MAX_VALUES);
    JsonArray out = new JsonArray();
    if (given == null) return out;
    if (given.isEmpty()) f.error(path + ".values", "must not be empty");
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      String at = path + ".values[" + i + "]";
      if (!(given.getValue(i) instanceof JsonObject v)) {
        f.error(at, "must be {key, name}");
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
