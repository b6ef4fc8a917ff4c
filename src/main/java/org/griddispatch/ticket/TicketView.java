package org.griddispatch.ticket;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Phones;

/** The public form of a ticket for one viewer: internal fields removed, the phone masked when due. */
public final class TicketView {
  private TicketView() {}

  /** What a follower sees of the ticket they follow: its progress, nothing the other resident wrote or where. */
  private static final java.util.Set<String> FOLLOWER_FIELDS = java.util.Set.of("id", "number", "kind", "status", "category",
      "serviceCode", "priority", "gridId", "deadlines", "respondedAt", "resolvedAt", "closedAt", "createdAt", "updatedAt", "version");

  /** What staff keep to themselves on a ticket (a return's reason, an extension's request): never on a resident's. */
  private static final java.util.Set<String> STAFF_FIELDS = java.util.Set.of("returnReason", "returnCount", "extension");

  public static JsonObject render(JsonObject record, Actor viewer) {
    if (Scope.followerOnly(viewer, record)) {
      JsonObject view = new JsonObject();
      for (String k : FOLLOWER_FIELDS) view.put(k, record.getValue(k));
      return view.put("following", true).put("allowedActions", new io.vertx.core.json.JsonArray(Vocabulary.allowedActions(viewer, record)));
    }
    JsonObject view = record.copy();
    view.remove("reporterId");
    view.remove("createdBy");
    view.remove("seq");
    view.remove("followerIds");
    view.remove("returnedFrom");
    if (viewer.role() == org.griddispatch.auth.Role.RESIDENT) STAFF_FIELDS.forEach(view::remove);
    if (!viewer.role().isStaff()) {
      // who of the staff has looked at it, and whom it was alerted to, is the staff's business
      for (String k : new String[] {"seenBy", "unseenAlertAt", "assigneeSeenAt", "alertedIds"}) view.remove(k);
    }
    // why a report looks like another: words of other residents' reports, for those who dispatch
    if ("resident".equals(viewer.role().wire())) view.remove("duplicateReasons");
    JsonObject contact = view.getJsonObject("contact");
    if (contact != null && !Scope.seesPhone(viewer, record)) contact.put("phone", Phones.mask(contact.getString("phone")));
    // what the pages offer this viewer, so they need not work out the rules themselves
    return view.put("allowedActions", new io.vertx.core.json.JsonArray(Vocabulary.allowedActions(viewer, record)));
  }

  /** An event as the viewer may see it: a follower gets its type and time, not its notes or text. */
  public static JsonObject event(JsonObject event, JsonObject ticket, Actor viewer) {
    if (viewer.role() == org.griddispatch.auth.Role.RESIDENT) event = forResident(event);
    if (ticket == null || !Scope.followerOnly(viewer, ticket)) return event;
    JsonObject out = event.copy().put("data", new JsonObject());
    if (out.getJsonObject("actor") != null && "resident".equals(out.getJsonObject("actor").getString("role"))
        && !viewer.id().equals(out.getJsonObject("actor").getString("id"))) {
      out.put("actor", new JsonObject().put("role", "resident"));
    }
    return out;
  }

  /**
   * An event as a resident may see it: a staff-internal one ({@link Vocabulary#internal}) as a bare
   * step {@code {seq, at, type: "internal", internal: true}} (its seq kept, so none looks lost), the
   * staff's notes of a public step removed.
   */
  public static JsonObject forResident(JsonObject event) {
    String type = event.getString("type");
    JsonObject data = event.getJsonObject("data");
    if (Vocabulary.internal(type, data)) {
      return event.copy().put("type", "internal").put("internal", true).put("actor", null).put("data", new JsonObject());
    }
    if (Vocabulary.STAFF_NOTES.contains(type) && data != null && (data.containsKey("note") || data.containsKey("reason"))) {
      JsonObject out = event.copy();
      out.getJsonObject("data").remove("note");
      out.getJsonObject("data").remove("reason");
      return out;
    }
    return event;
  }
}
