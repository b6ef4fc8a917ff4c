package org.griddispatch.open311;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A POSTed service request's form as the ticket body intake files (channel open311): service_code as
 * the category, lat/long or address_string as the place, first_name, last_name and phone as the
 * contact, attribute[code] as the answers (every value of a multivaluelist), and media_url kept in the
 * description. What cannot become a ticket is refused with a 400 before intake sees it.
 */
final class ServiceRequestForm {
  private static final String ATTRIBUTE_PREFIX = "attribute[";

  private ServiceRequestForm() {}

  static JsonObject ticketBody(MultiMap form, Catalog catalog) {
    checkText(form);
    String code = form.get("service_code");
    if (code == null || code.isBlank()) throw ApiError.invalid(new JsonObject().put("service_code", "required"));
    JsonObject body = new JsonObject().put("channel", "open311");
    JsonObject category = catalog.category(code);
    if (category == null) throw new ApiError(400, "bad_request", "service_code not found: " + code);
    body.put("category", code);
    String lat = form.get("lat");
    String lon = form.get("long");
    if (lat != null || lon != null) {
      Double la = Text.finiteNumber(lat);
      Double lo = Text.finiteNumber(lon);
      if (la == null || lo == null) throw ApiError.invalid(new JsonObject().put("lat", "lat and long must both be numbers"));
      body.put("location", new JsonObject().put("lat", la).put("lon", lo));
    }
    if (form.get("address_string") != null) body.put("address", form.get("address_string"));
    if (body.getValue("location") == null && body.getValue("address") == null) {
      throw new ApiError(400, "bad_request", "lat/long or address_string is required");
    }
    body.put("description", form.get("description"));
    JsonObject contact = contact(form);
    if (!contact.isEmpty()) body.put("contact", contact);
    JsonObject attributes = attributes(form, category);
    if (!attributes.isEmpty()) body.put("attributes", attributes);
    if (form.get("media_url") != null && body.getString("description") != null) {
      body.put("description", body.getString("description") + "\n" + form.get("media_url"));
    }
    return body;
  }

  /** The form's names and values follow the rules of every stored text (a JSON body's are checked by {@code Http.body}). */
  private static void checkText(MultiMap form) {
    for (Map.Entry<String, String> field : form) {
      String badName = Text.problem(field.getKey());
      String why = badName != null ? badName : Text.problem(field.getValue());
      if (why != null) throw ApiError.invalid(new JsonObject().put(badName != null ? "field name" : field.getKey(), why));
    }
  }

  private static JsonObject contact(MultiMap form) {
    String name = String.join(" ", List.of(form.get("first_name") == null ? "" : form.get("first_name"),
        form.get("last_name") == null ? "" : form.get("last_name"))).strip();
    JsonObject contact = new JsonObject();
    if (!name.isEmpty()) contact.put("name", name);
    if (form.get("phone") != null) contact.put("phone", form.get("phone"));
    return contact;
  }

  /** attribute[code] fields: a list for the category's multivaluelist questions, the first value otherwise. */
  private static JsonObject attributes(MultiMap form, JsonObject category) {
    JsonObject attributes = new JsonObject();
    for (String field : form.names()) {
      if (field.startsWith(ATTRIBUTE_PREFIX) && field.endsWith("]")) {
        String code = field.substring(ATTRIBUTE_PREFIX.length(), field.length() - 1);
        List<String> values = form.getAll(field);
        attributes.put(code, isMultiValue(category, code) ? new JsonArray(new ArrayList<>(values)) : values.get(0));
      }
    }
    return attributes;
  }

  private static boolean isMultiValue(JsonObject category, String attributeCode) {
    return category.getJsonArray("attributes").stream().map(a -> (JsonObject) a)
        .anyMatch(a -> attributeCode.equals(a.getString("code")) && "multivaluelist".equals(a.getString("datatype")));
  }
}
