package org.griddispatch.open311;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;

/**
 * One Open311 answer before it is written: its HTTP status and either a list of items or a single
 * document, with the element names its XML form uses. The same answer is written as JSON or as XML.
 */
record Answer(int status, String root, String item, JsonArray items, JsonObject document) {
  static Answer list(String root, String item, JsonArray items) { return new Answer(200, root, item, items, null); }

  static Answer document(String root, JsonObject document) { return new Answer(200, root, null, null, document); }

  /**
   * A refusal as the specification's one-item list of {code, description}, with the error's HTTP
   * status; the fields of an invalid input follow the description.
   */
  static Answer refusal(Throwable failure) {
    ApiError e = ApiError.from(failure);
    String description = e.fields() == null ? e.getMessage() : e.getMessage() + ": " + e.fields().encode();
    JsonArray errors = new JsonArray().add(new JsonObject().put("code", e.status()).put("description", description));
    return list("errors", "error", errors).withStatus(e.status());
  }

  Answer withStatus(int status) { return new Answer(status, root, item, items, document); }

  String json() { return document != null ? document.encode() : items.encode(); }

  String xml() { return document != null ? Xml.document(root, document) : Xml.document(root, item, items); }
}
