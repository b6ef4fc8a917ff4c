package org.griddispatch.ticket;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;

import java.util.List;
import java.util.Set;

/**
 * {@code POST /tickets/bulk {action, ids, ...body}}: the centre's action on several tickets at once.
 * Each ticket goes through {@link TicketChanges} on its own, one after the other, exactly as if the
 * action had been posted to it alone: it succeeds or fails by itself, with its own reason, and a
 * failure leaves the others as they went.
 */
public final class Bulk {
  /** The actions the centre takes in bulk. */
  public static final Set<String> ACTIONS = Set.of("reassign", "merge", "close", "urge");
  public static final int MAX_IDS = 100;

  private final TicketChanges changes;

  public Bulk(TicketChanges changes) { this.changes = changes; }

  /** {@code {results: [{id, ok, ticket?, error?}], succeeded, failed}}; the tickets as the caller sees them. */
  public Future<JsonObject> run(Actor actor, JsonObject body) {
    if (!actor.role().seesEverything()) throw ApiError.forbidden("Bulk actions are the centre's");
    Fields f = new Fields(body);
    String action = f.oneOf("action", true, ACTIONS);
    List<String> ids = f.strings("ids", true, MAX_IDS, 64);
    f.throwIfAny();
    JsonObject each = body.copy();
    each.remove("action");
    each.remove("ids");
    JsonArray results = new JsonArray();
    Future<Void> chain = Future.succeededFuture();
    for (String id : ids) {
      chain = chain.compose(v -> changes.act(actor, id, action, each.copy(), null)
          .map(t -> results.add(new JsonObject().put("id", id).put("ok", true).put("ticket", TicketView.render(t, actor))))
          .recover(e -> {
            ApiError error = ApiError.from(e);
            results.add(new JsonObject().put("id", id).put("ok", false).put("status", error.status())
                .put("error", error.toJson().getJsonObject("error")));
            return Future.succeededFuture();
          })
          .mapEmpty());
    }
    return chain.map(v -> {
      long ok = results.stream().filter(o -> ((JsonObject) o).getBoolean("ok")).count();
      return new JsonObject().put("action", action).put("results", results).put("succeeded", ok).put("failed", results.size() - ok);
    });
  }
}
