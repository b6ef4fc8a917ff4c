package org.griddispatch.catalog;

import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.Set;

/**
 * What a department must be, for an admin's {@code PUT} and a subdistrict's {@code departments.json}
 * alike; one that passes is given in its canonical form.
 */
public final class DepartmentRules {
  private DepartmentRules() {}

  private static final Set<String> FIELDS = Set.of("id", "name", "nameEn", "phone");
  /** A desk number a worker can dial: digits, with hyphens (0816-2261001, 12345). */
  private static final String PHONE = "^[0-9][0-9-]{2,19}$";

  /** An admin's department at {@code /departments/{id}}: every problem in one 400. */
  public static JsonObject department(String id, JsonObject body) {
    Fields f = new Fields(body);
    JsonObject out = read(f, EntryKey.DEPARTMENT.atAddress(f, id));
    f.throwIfAny();
    return out;
  }

  /** A department a file lists, its id in it; problems stay on {@code f} for the caller to report. */
  public static JsonObject department(Fields f) {
    return read(f, EntryKey.DEPARTMENT.inBody(f));
  }

  private static JsonObject read(Fields f, String id) {
    f.onlyKnown(FIELDS);
    return new JsonObject().put("id", id)
        .put("name", f.string("name", true, 64))
        .put("nameEn", f.string("nameEn", false, 100))
        .put("phone", f.matching("phone", false, PHONE, "digits and hyphens, 3 to 20"));
  }
}
