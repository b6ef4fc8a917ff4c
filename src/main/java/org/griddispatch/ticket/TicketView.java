package org.griddispatch.ticket;

import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Phones;

/** The public form of a ticket for one viewer: internal fields removed, the phone masked when due. */
public final class TicketView {
  private TicketView() {}

  public static JsonObject render(JsonObject record, Actor viewer) {
    JsonObject view = record.copy();
    view.remove("reporterId");
    view.remove("createdBy");
    view.remove("seq");
    view.remove("followerIds");
    view.remove("returnedFrom");
    JsonObject contact = view.getJsonObject("contact");
    if (contact != null && !Scope.seesPhone(viewer, record)) contact.put("phone", Phones.mask(contact.getString("phone")));
    return view;
  }
}
