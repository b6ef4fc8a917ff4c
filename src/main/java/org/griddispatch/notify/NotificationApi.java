package org.griddispatch.notify;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Phones;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.common.Keyset;
import org.griddispatch.web.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * {@code GET /admin/notifications?ticketId=&status=&limit=&cursor=} for admins and dispatchers: the
 * outbox of messages, newest first, {@code {items:[{id, ticketId, channel, to, template, status, at,
 * attempts, sentAt}], nextCursor}}, the address always masked.
 */
public final class NotificationApi {
  private static final Set<String> STATUSES = Set.of("pending", "sent", "failed", "skipped");

  private final Pool pool;

  public NotificationApi(Pool pool) { this.pool = pool; }

  public void mount(Router api) {
    api.get("/admin/notifications").handler(Http.handle(this::list));
  }

  private void list(RoutingContext ctx) {
    Role role = Actor.of(ctx).role();
    if (role != Role.ADMIN && role != Role.DISPATCHER) throw ApiError.forbidden("The notification outbox is for admins and the centre");
    Fields f = new Fields(null);
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder("true");
    String ticketId = Http.query(ctx, "ticketId");
    if (ticketId != null) {
      try {
        params.add(UUID.fromString(ticketId));
        where.append(" AND ticket_id = $").append(params.size());
      } catch (IllegalArgumentException e) {
        f.error("ticketId", "a ticket id");
      }
    }
    String status = Http.query(ctx, "status");
    if (status != null) {
      if (!STATUSES.contains(status)) f.error("status", "pending, sent, failed or skipped");
      params.add(status);
      where.append(" AND status = $").append(params.size());
    }
    int limit = Http.pageLimit(f, ctx);
    String cursor = Http.query(ctx, "cursor");
    f.throwIfAny();
    if (cursor != null) {
      Keyset k = Keyset.decode(cursor);
      UUID after;
      try {
        after = UUID.fromString(k.key());
      } catch (IllegalArgumentException e) {
        throw Keyset.invalid();
      }
      params.add(k.at());
      params.add(after);
      where.append(" AND (created_at, id) < ($").append(params.size() - 1).append(", $").append(params.size()).append(")");
    }
    params.add(limit + 1);
    String sql = "SELECT id, ticket_id, announcement_id, channel, to_address, template, status, attempts, created_at, sent_at, due_at, last_error"
        + " FROM notifications"
        + " WHERE " + where + " ORDER BY created_at DESC, id DESC LIMIT $" + params.size();
    Http.reply(ctx, pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> {
      JsonArray items = new JsonArray();
      Row last = null;
      int n = 0;
      for (Row r : rows) {
        if (n++ == limit) break;
        UUID about = r.getUUID("ticket_id"); // null: a notice's message belongs to the notice
        items.add(new JsonObject().put("id", r.getUUID("id").toString()).put("ticketId", about == null ? null : about.toString())
            .put("announcementId", r.getValue("announcement_id") == null ? null : String.valueOf(r.getLong("announcement_id")))
            .put("channel", r.getString("channel"))
            // an SMS's number masked; a push is addressed by the recipient's account
            .put("to", "sms".equals(r.getString("channel")) ? Phones.mask(r.getString("to_address")) : r.getString("to_address"))
            .put("template", r.getString("template")).put("status", r.getString("status"))
            .put("at", Json.time(r.getOffsetDateTime("created_at"))).put("attempts", r.getInteger("attempts"))
            .put("sentAt", Json.time(r.getOffsetDateTime("sent_at")))
            // why it waits (quiet hours, the hourly limit, the gateway's last answer) or was skipped
            .put("dueAt", Json.time(r.getOffsetDateTime("due_at"))).put("note", r.getString("last_error")));
        last = r;
      }
      String next = rows.size() > limit && last != null
          ? new Keyset(last.getOffsetDateTime("created_at"), last.getUUID("id").toString()).encode() : null;
      return new JsonObject().put("items", items).put("nextCursor", next);
    }));
  }
}
