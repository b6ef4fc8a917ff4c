package org.griddispatch.catalog;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.Fields;

import java.util.List;
import java.util.Set;

/**
 * What a one-window service item (一窗受理) must be, for an admin's {@code PUT} and a subdistrict's
 * {@code services.json} alike; one that passes is given in its canonical form. Whether its
 * department exists is for the caller to say.
 */
public final class ServiceRules {
  private ServiceRules() {}

  /** How a resident may be served: the only list of modes, which items offer and a service request chooses from. */
  public static final Set<String> MODES = Set.of("online_consult", "proxy", "home_visit");
  private static final Set<String> FIELDS = Set.of("code", "name", "nameEn", "deptId", "modes", "materials", "eligibility", "timeLimitDays");

  /** An admin's item at {@code /services/{code}}: every problem in one 400. */
  public static JsonObject service(String code, JsonObject body) {
    Fields f = new Fields(body);
    JsonObject out = read(f, EntryKey.SERVICE.atAddress(f, code));
    f.throwIfAny();
    return out;
  }

  /** An item a file lists, its code in it; problems stay on {@code f} for the caller to report. */
  public static JsonObject service(Fields f) {
    return read(f, EntryKey.SERVICE.inBody(f));
  }

  private static JsonObject read(Fields f, String code) {
    f.onlyKnown(FIELDS);
    List<String> modes = f.strings("modes", true, MODES.size(), 32);
    if (modes.stream().anyMatch(m -> !MODES.contains(m))) {
      f.error("modes", "each one of " + String.join(", ", MODES.stream().sorted().toList()));
    }
    return new JsonObject().put("code", code)
        .put("name", f.string("name", true, 64))
        .put("nameEn", f.string("nameEn", false, 100))
        .put("deptId", f.string("deptId", true, 64))
        .put("modes", new JsonArray(modes))
        .put("materials", new JsonArray(f.strings("materials", false, 30, 200)))
        .put("eligibility", f.string("eligibility", false, 1000))
        // working days, on the calendar the node counts them on
        .put("timeLimitDays", f.whole(f.body(), "timeLimitDays", "timeLimitDays", true, 1, 365));
  }
}
