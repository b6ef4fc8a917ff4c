package org.griddispatch.open311;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Text;
import org.griddispatch.ticket.Vocabulary;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An update POSTed to servicerequestupdates (mySociety's extension) by the integration that filed
 * the request: {@code service_request_id} (the ticket's number), a {@code description} (a note on the
 * timeline), and a {@code status}: {@code closed} or {@code fixed} closes a resolved request (the
 * channel's own 回访 confirmed it), {@code open} reopens an ended one (it did not). Anything else is a
 * 400 before the ticket is touched.
 */
record UpdateForm(String number, String description, String status) {
  static final int MAX_DESCRIPTION = 2000;
  private static final Set<String> STATUSES = Set.of("open", "closed", "fixed");

  static UpdateForm read(MultiMap form) {
    JsonObject fields = new JsonObject();
    for (Map.Entry<String, String> field : form) {
      String why = Text.problem(field.getKey());
      if (why == null) why = Text.problem(field.getValue());
      if (why != null) fields.put(field.getKey(), why);
    }
    String number = form.get("service_request_id");
    if (number == null || number.isBlank()) fields.put("service_request_id", "required");
    String description = form.get("description");
    if (description != null && description.isBlank()) description = null;
    if (description != null && description.length() > MAX_DESCRIPTION) fields.put("description", "at most " + MAX_DESCRIPTION + " characters");
    String status = form.get("status") == null ? null : form.get("status").strip().toLowerCase(Locale.ROOT);
    if (status != null && !STATUSES.contains(status)) fields.put("status", "one of open, closed, fixed");
    if (description == null && status == null) fields.put("description", "a description or a status is required");
    if (!fields.isEmpty()) throw ApiError.invalid(fields);
    return new UpdateForm(number.strip(), description == null ? null : description.strip(), status);
  }

  /** The action the status asks for on a ticket in {@code ticketStatus}, or null for none (a request still open said to be open). */
  String action(String ticketStatus) {
    if (status == null) return null;
    if (status.equals("open")) return Vocabulary.rule("reopen").startsFrom(ticketStatus) ? "reopen" : null;
    return "close";
  }
}
