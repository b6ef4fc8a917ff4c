package org.griddispatch.admin;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Keyset;
import org.griddispatch.common.Text;
import org.griddispatch.common.Times;
import org.griddispatch.web.Http;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GET /admin/audit?limit=&cursor=&action=&actor=&from=&to=} for admins and supervisors:
 * who changed what and when, with the state before and after, newest first. {@code action} takes a
 * comma-separated list; dates alone mean midnight in the subdistrict's zone.
 */
public final class AuditApi {
  private static final String ACTION = "^[a-z][a-z_.]{0,63}$";
  private static final int MAX_ACTIONS = 20;

  private final AuditQueries queries;
  private final ZoneId zone;

  public AuditApi(Pool pool, ZoneId zone) {
    this.queries = new AuditQueries(pool);
    this.zone = zone;
  }

  public void mount(Router api) {
    api.get("/admin/audit").handler(Http.handle(ctx -> Http.reply(ctx, queries.page(filter(ctx)))));
  }

  private AuditQueries.Filter filter(RoutingContext ctx) {
    Role role = Actor.of(ctx).role();
    if (role != Role.ADMIN && role != Role.SUPERVISOR) throw ApiError.forbidden("The audit log is for admins and supervisors");
    Fields f = new Fields(null);
    int limit = Http.pageLimit(f, ctx);
    String rawActions = Http.query(ctx, "action");
    List<String> actions = rawActions == null ? List.of() : Arrays.stream(rawActions.split(",")).map(String::strip).distinct().toList();
    if (actions.size() > MAX_ACTIONS || actions.stream().anyMatch(a -> !a.matches(ACTION))) {
      f.error("action", "comma-separated action names (such as category.change), at most " + MAX_ACTIONS);
    }
    String actor = Http.query(ctx, "actor");
    if (actor != null && (actor.length() > 64 || Text.problem(actor) != null)) {
      f.error("actor", "a user id, at most 64 characters");
    }
    OffsetDateTime from = Times.parse(f, "from", Http.query(ctx, "from"), zone);
    OffsetDateTime to = Times.parse(f, "to", Http.query(ctx, "to"), zone);
    if (from != null && to != null && !from.isBefore(to)) f.error("from", "must be before 'to'");
    Keyset after = cursor(f, Http.query(ctx, "cursor"));
    f.throwIfAny();
    return new AuditQueries.Filter(actions, actor, from, to, limit, after);
  }

  /** The cursor of an earlier page; the audit log's keys are row numbers. */
  private static Keyset cursor(Fields f, String raw) {
    if (raw == null) return null;
    try {
      Keyset k = Keyset.decode(raw);
      Long.parseLong(k.key());
      return k;
    } catch (RuntimeException e) {
      f.error("cursor", "not a cursor this server gave out");
      return null;
    }
  }
}
