package org.griddispatch.admin;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.catalog.CurrentCatalog;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.common.Times;
import org.griddispatch.store.AuditLog;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Set;

/**
 * Reply templates (常用语) for notes and resolutions: {@code GET /reply-templates?category=&kind=}
 * for staff (a category's own templates, then those for every category), and the admin's
 * {@code PUT /admin/reply-templates/{id} {category?, kind, text, sort?, active?}} (create 201, replace
 * 200), audited in its transaction like every administrative change.
 */
public final class ReplyTemplatesApi {
  private static final Set<String> KINDS = Set.of("note", "resolution");
  private static final String COLUMNS = "id, category, kind, text, sort, active, updated_at";

  private final Pool pool;
  private final CurrentCatalog catalog;
  private final Clock clock;

  public ReplyTemplatesApi(Pool pool, CurrentCatalog catalog, Clock clock) {
    this.pool = pool;
    this.catalog = catalog;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.get("/reply-templates").handler(Http.handle(this::list));
    api.put("/admin/reply-templates/:id").handler(Http.handle(this::put));
  }

  private void list(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!actor.role().isStaff()) throw ApiError.forbidden("Reply templates are for staff");
    String category = Http.query(ctx, "category");
    String kind = Http.query(ctx, "kind");
    Fields f = new Fields(null);
    if (kind != null && !KINDS.contains(kind)) f.error("kind", "note or resolution");
    if (category != null && catalog.get().category(category) == null) f.error("category", "unknown category");
    boolean all = "true".equals(Http.query(ctx, "all")) && actor.has(Role.ADMIN);
    f.throwIfAny();
    Http.reply(ctx, pool.preparedQuery("SELECT " + COLUMNS + " FROM reply_templates WHERE ($1::text IS NULL OR category IS NULL OR category = $1)"
            + " AND ($2::text IS NULL OR kind = $2) AND (active OR $3) ORDER BY category NULLS LAST, kind, sort, id")
        .execute(Tuple.of(category, kind, all)).map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(r -> items.add(json(r)));
          return new JsonObject().put("items", items);
        }));
  }

  private void put(RoutingContext ctx) {
    Actor actor = Actor.of(ctx);
    if (!actor.has(Role.ADMIN)) throw ApiError.forbidden("Only an admin changes the reply templates");
    String id = ctx.pathParam("id");
    Fields f = new Fields(Http.body(ctx));
    if (id == null || !id.matches("[a-z0-9][a-z0-9_-]{0,63}")) f.error("id", "1 to 64 lower-case letters, digits, '-' or '_'");
    String category = f.string("category", false, 64);
    if (category != null && catalog.get().category(category) == null) f.error("category", "unknown category");
    String kind = f.oneOf("kind", true, KINDS);
    String text = f.string("text", true, 500);
    Integer sort = f.whole(f.body(), "sort", "sort", false, 0, 100_000);
    Boolean active = f.bool(f.body(), "active", "active");
    f.onlyKnown(Set.of("category", "kind", "text", "sort", "active"));
    f.throwIfAny();
    OffsetDateTime now = Times.now(clock);
    Future<JsonObject> done = pool.withTransaction(conn -> conn.preparedQuery("SELECT " + COLUMNS + " FROM reply_templates WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id)).compose(rows -> {
          JsonObject before = rows.size() == 0 ? null : json(rows.iterator().next());
          return conn.preparedQuery("INSERT INTO reply_templates (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7)"
                  + " ON CONFLICT (id) DO UPDATE SET category = excluded.category, kind = excluded.kind, text = excluded.text,"
                  + " sort = excluded.sort, active = excluded.active, updated_at = excluded.updated_at RETURNING " + COLUMNS)
              .execute(Tuple.of(id, category, kind, text, sort == null ? 0 : sort, active == null || active).addValue(now))
              .compose(written -> {
                JsonObject after = json(written.iterator().next());
                return AuditLog.write(conn, now, actor.id(), actor.role().wire(), actor.name(), "reply_template.change",
                    "reply_template:" + id, before, after).map(v -> new JsonObject().put("created", before == null).put("entry", after));
              });
        }));
    done.onSuccess(r -> Http.json(ctx, r.getBoolean("created") ? 201 : 200, r.getJsonObject("entry"))).onFailure(e -> Http.fail(ctx, e));
  }

  private static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getString("id")).put("category", r.getString("category")).put("kind", r.getString("kind"))
        .put("text", r.getString("text")).put("sort", r.getInteger("sort")).put("active", r.getBoolean("active"))
        .put("updatedAt", Json.time(r.getOffsetDateTime("updated_at")));
  }
}
