package org.griddispatch.catalog;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.Set;

/**
 * What a report category must be: its names, priority, SLA policy ({@link SlaRules}) and extra
 * questions ({@link AttributeRules}), every field that deadlines, intake and Open311 read. The same
 * rules serve an admin's {@code PUT} and a subdistrict's {@code categories.json}; an entry that
 * passes is given in its canonical form, the form the catalogue shows. Whether the department it
 * names exists is for the caller to say (the database, or the files' own departments).
 */
public final class CategoryRules {
  private CategoryRules() {}

  private static final Set<String> FIELDS = Set.of("code", "name", "nameEn", "group", "defaultDeptId", "priority", "sla", "attributes", "private");
  private static final Set<String> PRIORITIES = Set.of("urgent", "high", "normal", "low");

  /** An admin's category at {@code /categories/{code}}: every problem in one 400. */
  public static JsonObject category(String code, JsonObject body) {
    Fields f = new Fields(body);
    JsonObject out = read(f, EntryKey.CATEGORY.atAddress(f, code));
    f.throwIfAny();
    return out;
  }

  /** A category a file lists, its code in it; problems stay on {@code f} for the caller to report. */
  public static JsonObject category(Fields f) {
    return read(f, EntryKey.CATEGORY.inBody(f));
  }

  private static JsonObject read(Fields f, String code) {
    f.onlyKnown(FIELDS);
    Boolean isPrivate = f.bool(f.body(), "private", "private");
    return new JsonObject().put("code", code)
        .put("name", f.string("name", true, 64))
        .put("nameEn", f.string("nameEn", false, 100))
        .put("group", f.string("group", false, 32))
        .put("defaultDeptId", f.string("defaultDeptId", false, 64))
        .put("priority", f.oneOf("priority", true, PRIORITIES))
        .put("sla", SlaRules.sla(f))
        .put("attributes", AttributeRules.attributes(f))
        .put("private", Boolean.TRUE.equals(isPrivate));
  }
}
