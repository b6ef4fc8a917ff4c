package org.griddispatch.intake;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Phones;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.catalog.ServiceRules;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;

import java.util.Map;
import java.util.Set;

/** A checked request to create a ticket; {@link #parse} collects every field error into one 400. */
public record TicketRequest(String kind, String category, String serviceCode, String mode, String description,
                            Double lat, Double lon, String address, String contactName, String contactPhone,
                            String channel, String externalId, JsonObject attributes, boolean resolveNow, String note) {

  /** A report that is not settled on the spot. */
  public TicketRequest(String kind, String category, String serviceCode, String mode, String description, Double lat, Double lon,
                       String address, String contactName, String contactPhone, String channel, String externalId,
                       JsonObject attributes) {
    this(kind, category, serviceCode, mode, description, lat, lon, address, contactName, contactPhone, channel, externalId,
        attributes, false, null);
  }

  private static final Set<String> KNOWN = Set.of("kind", "category", "serviceCode", "mode", "description", "location",
      "address", "contact", "channel", "externalId", "attributes", "resolveNow", "note");

  /** A grid worker's own report, found on patrol (巡查上报). */
  public static final String PATROL = "patrol";

  /** The channels each role may file through; the first is the default. */
  private static final Map<String, java.util.List<String>> CHANNELS = Map.of(
      "resident", java.util.List.of("miniapp"),
      "dispatcher", java.util.List.of("window", "hotline12345"),
      "integration", java.util.List.of("hotline12345", "open311"),
      "grid_worker", java.util.List.of(PATROL));

  public static TicketRequest parse(JsonObject body, Actor actor, Catalog catalog) {
    java.util.List<String> channels = CHANNELS.get(actor.role().wire());
    if (channels == null) {
      throw ApiError.forbidden("Tickets are filed by residents, dispatchers, channel integrations and grid workers on patrol");
    }
    Fields f = new Fields(body);
    f.onlyKnown(KNOWN);
    String kind = f.oneOf("kind", false, Set.of("issue", "service"));
    if (kind == null && !f.hasError("kind")) kind = "issue";

    String category = f.string("category", "issue".equals(kind), 64);
    if (category != null && catalog.category(category) == null) f.error("category", "unknown category");

    String serviceCode = null;
    String mode = null;
    if ("service".equals(kind)) {
      serviceCode = f.string("serviceCode", true, 64);
      JsonObject item = catalog.service(serviceCode);
      if (serviceCode != null && item == null) f.error("serviceCode", "unknown service item");
      mode = f.oneOf("mode", true, ServiceRules.MODES);
      if (item != null && mode != null && !item.getJsonArray("modes").contains(mode)) {
        f.error("mode", "this service item offers " + String.join(", ", item.getJsonArray("modes").stream().map(String::valueOf).toList()));
      }
    } else {
      if (body.containsKey("serviceCode")) f.error("serviceCode", "only for kind 'service'");
      if (body.containsKey("mode")) f.error("mode", "only for kind 'service'");
    }

    String description = f.string("description", "issue".equals(kind), 2000);
    String address = f.string("address", false, 200);

    Double lat = null;
    Double lon = null;
    JsonObject location = f.object("location", false);
    if (location != null) {
      lat = f.number(location, "lat", "location.lat", -90, 90);
      lon = f.number(location, "lon", "location.lon", -180, 180);
    }
    if ("issue".equals(kind) && location == null && address == null && !f.hasError("location")) {
      f.error("location", "a location or an address is required");
    }

    String contactName = null;
    String contactPhone = null;
    JsonObject contact = f.object("contact", false);
    if (contact != null) {
      contactName = f.string(contact, "name", "contact.name", false, 64);
      contactPhone = f.string(contact, "phone", "contact.phone", false, 32);
      if (contactPhone != null && !contactPhone.matches(Phones.PATTERN) && !contactPhone.matches("^0\\d{2,3}-?\\d{7,8}$")) {
        f.error("contact.phone", "must be a mobile or landline number");
      }
    }

    String channel = f.string("channel", false, 32);
    if (actor.role().wire().equals("resident")) {
      channel = "miniapp"; // whatever the app says, a resident files through the mini-app
    } else if (channel == null) {
      channel = channels.get(0);
    } else if (!channels.contains(channel)) {
      f.error("channel", "this account may file through " + String.join(", ", channels));
    }
    String externalId = f.string("externalId", false, 128);
    JsonObject attributes = attributes(f, catalog.category(category));
    // 当场办结: a patrol report of a small matter settled on the spot, filed resolved with what was done
    Boolean resolveNow = f.bool(body, "resolveNow", "resolveNow");
    String note = f.string("note", Boolean.TRUE.equals(resolveNow), 2000);
    if (PATROL.equals(channel)) {
      if (location == null && !f.hasError("location")) f.error("location", "a patrol report carries the point where it was found");
      if ("service".equals(kind)) f.error("kind", "a patrol report is an issue");
    } else {
      if (Boolean.TRUE.equals(resolveNow)) f.error("resolveNow", "only for patrol reports");
      if (note != null) f.error("note", "only for patrol reports");
    }
    f.throwIfAny();
    return new TicketRequest(kind, category, serviceCode, mode, description, lat, lon, address, contactName, contactPhone,
        channel, externalId, attributes, Boolean.TRUE.equals(resolveNow), note);
  }

  public boolean hasLocation() { return lat != null && lon != null; }

  /** Answers to the category's extra questions ({@code attributes}), checked against their definitions. */
  static JsonObject attributes(Fields f, JsonObject category) {
    JsonObject given = f.object("attributes", false);
    JsonObject out = new JsonObject();
    io.vertx.core.json.JsonArray defined = category == null ? new io.vertx.core.json.JsonArray()
        : category.getJsonArray("attributes", new io.vertx.core.json.JsonArray());
    if (given == null) given = new JsonObject();
    for (String code : given.fieldNames()) {
      if (defined.stream().noneMatch(d -> code.equals(((JsonObject) d).getString("code")))) {
        f.error("attributes." + code, "this category has no such question");
      }
    }
    for (Object o : defined) {
      JsonObject d = (JsonObject) o;
      String code = d.getString("code");
      Object v = given.getValue(code);
      String path = "attributes." + code;
      if (v == null || (v instanceof String s && s.isBlank())) {
        if (d.getBoolean("required", false)) f.error(path, "required");
        continue;
      }
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (Object k : d.getJsonArray("values", new io.vertx.core.json.JsonArray())) keys.add(((JsonObject) k).getString("key"));
      switch (d.getString("datatype", "string")) {
        case "number" -> {
          Double n = v instanceof Number x ? Double.valueOf(x.doubleValue()) : org.griddispatch.common.Text.finiteNumber(String.valueOf(v));
          if (n == null || !Double.isFinite(n)) f.error(path, "must be a number");
          else out.put(code, n);
        }
        case "singlevaluelist" -> {
          if (!keys.contains(String.valueOf(v))) f.error(path, "one of " + String.join(", ", keys));
          else out.put(code, String.valueOf(v));
        }
        case "multivaluelist" -> {
          io.vertx.core.json.JsonArray values = v instanceof io.vertx.core.json.JsonArray a ? a : new io.vertx.core.json.JsonArray().add(v);
          if (values.stream().anyMatch(x -> !keys.contains(String.valueOf(x)))) f.error(path, "each one of " + String.join(", ", keys));
          else out.put(code, values);
        }
        default -> {
          String text = String.valueOf(v).strip();
          String why = org.griddispatch.common.Text.problem(text);
          if (text.length() > 500) f.error(path, "at most 500 characters");
          else if (why != null) f.error(path, why);
          else out.put(code, text);
        }
      }
    }
    return out;
  }
}
