package org.griddispatch.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.List;
import java.util.Set;

/**
 * What a department and a one-window service item must be, checked as a whole: every problem is
 * named in one 400 ({@code fields}). An entry that passes is answered in its canonical form, the
 * form the catalogue shows. Whether the departments an entry names exist is checked where it is
 * written ({@link CatalogEntry}).
 */
public final class CatalogRules {
  private CatalogRules() {}

  /** Codes of categories and service items, ids of departments: lower-case words joined by {@code _} or {@code -}. */
  static final String KEY = "^[a-z][a-z0-9_-]{0,63}$";
  /** How a one-window item may be handled (TicketRequest accepts these modes). */
  public static final Set<String> SERVICE_MODES = Set.of("online_consult", "proxy", "home_visit");
  /** A department's desk number: digits, with hyphens (0816-2261001, 12345). */
  private static final String PHONE = "^[0-9][0-9-]{2,19}$";

  /** The key given in the path; a body that repeats it must agree. */
  static String key(Fields f, String name, String fromPath) {
    if (fromPath == null || !fromPath.matches(KEY)) {
      f.error(name, "lower-case letters, digits, '_' or '-', starting with a letter, at most 64");
    }
    Object inBody = f.body().getValue(name);
    if (inBody != null && !inBody.equals(fromPath)) f.error(name, "must match the address");
    return fromPath;
  }

  public static JsonObject department(String id, JsonObject body) {
    Fields f = new Fields(body);
    f.onlyKnown(Set.of("id", "name", "nameEn", "phone"));
    JsonObject out = new JsonObject().put("id", key(f, "id", id))
        .put("name", f.string("name", true, 64))
        .put("nameEn", f.string("nameEn", false, 100))
        .put("phone", f.matching("phone", false, PHONE, "digits and hyphens, 3 to 20"));
    f.throwIfAny();
    return out;
  }

  public static JsonObject service(String code, JsonObject body) {
    Fields f = new Fields(body);
    f.onlyKnown(Set.of("code", "name", "nameEn", "deptId", "modes", "materials", "eligibility", "timeLimitDays"));
    List<String> modes = f.strings("modes", true, SERVICE_MODES.size(), 32);
    if (modes.stream().anyMatch(m -> !SERVICE_MODES.contains(m))) {
      f.error("modes", "each one of " + String.join(", ", SERVICE_MODES.stream().sorted().toList()));
    }
    JsonObject out = new JsonObject().put("code", key(f, "code", code))
        .put("name", f.string("name", true, 64))
        .put("nameEn", f.string("nameEn", false, 100))
        .put("deptId", f.string("deptId", true, 64))
        .put("modes", new JsonArray(modes))
        .put("materials", new JsonArray(f.strings("materials", false, 30, 200)))
        .put("eligibility", f.string("eligibility", false, 1000))
        // working days, on the calendar the node counts them on
        .put("timeLimitDays", intOrNull(f.integer(f.body(), "timeLimitDays", "timeLimitDays", true, 1, 365)));
    f.throwIfAny();
    return out;
  }

  static Integer intOrNull(Long v) { return v == null ? null : v.intValue(); }
}
