package org.griddispatch.stats;

import org.griddispatch.auth.Actor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Times;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * GET /stats?from=&to=&gridId=&deptId= (JSON) and GET /stats.csv (the same as CSV) for staff; dates
 * alone mean midnight in the subdistrict's zone.
 */
public final class StatsApi {
  private final StatsQueries queries;
  private final Clock clock;
  private final ZoneId zone;

  public StatsApi(StatsQueries queries, Clock clock, ZoneId zone) {
    this.queries = queries;
    this.clock = clock;
    this.zone = zone;
  }

  public void mount(Router api) {
    api.get("/stats").handler(Http.handle(ctx -> Http.reply(ctx, stats(ctx))));
    api.get("/stats.csv").handler(Http.handle(ctx -> stats(ctx).onSuccess(s -> ctx.response()
        .putHeader("Content-Type", "text/csv; charset=utf-8")
        .putHeader("Content-Disposition", "attachment; filename=\"stats.csv\"")
        .end(StatsQueries.csv(s))).onFailure(e -> Http.fail(ctx, e))));
  }

  private io.vertx.core.Future<io.vertx.core.json.JsonObject> stats(RoutingContext ctx) {
    Role role = Actor.of(ctx).role();
    if (!role.isStaff()) throw ApiError.forbidden("Stats are for staff");
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    Fields f = new Fields(null);
    OffsetDateTime to = time(f, "to", Http.query(ctx, "to"), now);
    OffsetDateTime from = time(f, "from", Http.query(ctx, "from"), (to == null ? now : to).minusDays(30));
    if (from != null && to != null && !from.isBefore(to)) f.error("from", "must be before 'to'");
    f.throwIfAny();
    return queries.stats(from, to, now, Http.query(ctx, "gridId"), Http.query(ctx, "deptId"));
  }

  private OffsetDateTime time(Fields f, String name, String raw, OffsetDateTime fallback) {
    return raw == null ? fallback : Times.parse(f, name, raw, zone);
  }

}
