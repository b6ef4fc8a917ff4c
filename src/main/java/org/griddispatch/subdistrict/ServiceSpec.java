package org.griddispatch.subdistrict;

import io.vertx.core.json.JsonArray;
import org.griddispatch.common.Fields;

import java.util.List;
import java.util.Set;

/** A one-window service item (一窗受理) as a subdistrict's files give it. */
record ServiceSpec(String code, String name, String nameEn, String deptId, List<String> modes, JsonArray materials,
                   String eligibility, int timeLimitDays) {
  static final Set<String> KNOWN = Set.of("code", "name", "nameEn", "deptId", "modes", "materials", "eligibility", "timeLimitDays");
  /** How a resident may be served: the modes a service request chooses from. */
  static final Set<String> MODES = Set.of("online_consult", "proxy", "home_visit");

  /** Reads the item; {@code departments} are the ids it may name. */
  static ServiceSpec read(Fields f, Set<String> departments) {
    f.onlyKnown(KNOWN);
    String code = f.matching("code", true, CategorySpec.CODE, "lower-case letters, digits and '_', starting with a letter");
    String name = f.string("name", true, 64);
    String nameEn = f.string("nameEn", false, 128);
    String dept = f.string("deptId", true, 64);
    if (dept != null && !departments.contains(dept)) f.error("deptId", "unknown department " + dept);
    List<String> modes = f.strings("modes", true, MODES.size(), 32);
    for (String m : modes) if (!MODES.contains(m)) f.error("modes", "each one of " + String.join(", ", MODES.stream().sorted().toList()));
    List<String> materials = f.strings("materials", false, 50, 200);
    String eligibility = f.string("eligibility", false, 1000);
    Integer days = f.whole(f.body(), "timeLimitDays", "timeLimitDays", true, 1, 366);
    return new ServiceSpec(code, name, nameEn, dept, modes, new JsonArray(materials), eligibility, days == null ? 0 : days);
  }
}
