package org.griddispatch.open311;

import io.vertx.core.json.JsonObject;
import org.griddispatch.catalog.Catalog;

import java.util.function.Supplier;

/**
 * What the public feed shows of a request, when a jurisdiction switches it on: no address, points
 * rounded to about 100 m (3 decimal places), and for a private category neither its description nor
 * its notes. Contacts are never part of an Open311 answer.
 */
final class PublicFeed {
  /** 0.001° is about 111 m of latitude and, at this latitude, about 95 m of longitude. */
  private static final double GRID = 1000.0;

  private final Supplier<Catalog> catalog;

  PublicFeed(Supplier<Catalog> catalog) { this.catalog = catalog; }

  /** A request as the public may see it; the answer is a new object. */
  JsonObject request(JsonObject whole) {
    JsonObject shown = whole.copy().put("address", null).put("address_id", null).put("zipcode", null)
        .put("lat", round(whole.getDouble("lat"))).put("long", round(whole.getDouble("long")));
    if (isPrivate(whole.getString("service_code"))) shown.put("description", null).put("status_notes", null);
    return shown;
  }

  /** The handler's note on an update, as the public may see it: none for a private category. */
  String note(String categoryCode, String note) {
    return isPrivate(categoryCode) ? "" : note;
  }

  private boolean isPrivate(String categoryCode) {
    return catalog.get().isPrivate(categoryCode);
  }

  private static Double round(Double degrees) {
    return degrees == null ? null : Math.round(degrees * GRID) / GRID;
  }
}
