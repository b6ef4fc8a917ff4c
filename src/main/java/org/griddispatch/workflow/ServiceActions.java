package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.Fields;
import org.griddispatch.ticket.Change;

import java.util.List;

import static org.griddispatch.workflow.TicketFacts.department;

/** 一窗受理: a service request's own steps, checking the applicant's materials and handing it to its department. */
final class ServiceActions {
  private ServiceActions() {}

  static boolean isService(JsonObject t) { return "service".equals(t.getString("kind")); }

  /** The handler has checked the applicant's materials against the item's list. */
  static Action checkMaterials() {
    return new NamedAction("check-materials") {
      public JsonObject read(Fields f) {
        Object complete = f.body().getValue("complete");
        if (!(complete instanceof Boolean)) f.error("complete", "true or false");
        return new JsonObject().put("complete", complete).put("missing", new JsonArray(f.strings("missing", false, 20, 100)))
            .put("note", f.string("note", false, 1000));
      }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return isService(t) ? null : "Only one-window service requests have materials";
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        return Change.to(null, "materials_checked", in.copy());
      }
    };
  }

  /** The request goes to the item's department, which reports in and completes it. */
  static Action handover() {
    return new NamedAction("handover") {
      public JsonObject read(Fields f) { return new JsonObject().put("note", f.string("note", false, 1000)); }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (!isService(t)) return "Only one-window service requests are handed over";
        if (!t.getJsonArray("departments").isEmpty()) return "Already handed over";
        JsonObject item = ctx.catalog().service(t.getString("serviceCode"));
        return item == null || item.getString("deptId") == null ? "This service item has no handling department" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        String dept = ctx.catalog().service(t.getString("serviceCode")).getString("deptId");
        DepartmentActions.Call call = DepartmentActions.Call.of(t, List.of(dept), ctx);
        return call.into(Change.to("whistled", "handed_over", call.describe().put("note", in.getString("note"))), a, t, ctx);
      }
    };
  }
}
