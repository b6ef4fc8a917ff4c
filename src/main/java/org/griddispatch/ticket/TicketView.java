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
    // why a report looks like another: words of other residents' reports, for those who dispatch
    if ("resident".equals(viewer.role().wire())) view.remove("duplicateReasons");
    JsonObject contact = view.getJsonObject("contact");
    if (contact != null && !Scope.seesPhone(viewer, record)) contact.put("phone", Phones.mask(contact.getString("phone")));
    // what the pages offer this viewer, so they need not work out the rules themselves
    return view.put("allowedActions", new io.vertx.core.json.JsonArray(Vocabulary.allowedActions(viewer, record)));
  }

  /** An event as the viewer may see it: a follower gets its type and time, not its notes or text. */
  public static JsonObject event(JsonObject event, JsonObject ticket, Actor viewer) {
    if (ticket == null || !Scope.followerOnly(viewer, ticket)) return event;
    JsonObject out = event.copy().put("data", new JsonObject());
    if (out.getJsonObject("actor") != null && "resident".equals(out.getJsonObject("actor").getString("role"))
        && !viewer.id().equals(out.getJsonObject("actor").getString("id"))) {
      out.put("actor", new JsonObject().put("role", "resident"));
    }
    return out;
  }
}
