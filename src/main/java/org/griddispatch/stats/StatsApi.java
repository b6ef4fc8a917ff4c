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
    api.get("/stats/rankings").handler(Http.handle(ctx -> Http.reply(ctx, stats(ctx).map(s -> Rankings.of(s)
        .put("from", s.getString("from")).put("to", s.getString("to"))))));
    api.get("/stats/monthly").handler(Http.handle(this::monthly));
  }

  /**
   * The monthly report a subdistrict sends upward: the stats and rankings of one calendar month in the
   * subdistrict's zone ({@code month=2026-11}, default the month before this one), as JSON, or with
   * {@code format=csv} as one CSV: the stats' lines, a blank line, the rankings' lines.
   */
  private void monthly(RoutingContext ctx) {
    Role role = Actor.of(ctx).role();
    if (!role.isStaff()) throw ApiError.forbidden("Reports are for staff");
    String raw = Http.query(ctx, "month");
    String format = Http.query(ctx, "format");
    Fields f = new Fields(null);
    java.time.YearMonth month = null;
    try {
      month = raw == null ? java.time.YearMonth.now(clock.withZone(zone)).minusMonths(1) : java.time.YearMonth.parse(raw);
    } catch (java.time.format.DateTimeParseException e) {
      f.error("month", "a month as YYYY-MM");
    }
    if (format != null && !format.equals("json") && !format.equals("csv")) f.error("format", "json or csv");
    f.throwIfAny();
    OffsetDateTime from = month.atDay(1).atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toOffsetDateTime();
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    String name = month.toString();
    io.vertx.core.Future<io.vertx.core.json.JsonObject> report = queries.stats(from, to, now, null, null)
        .map(s -> s.put("month", name).put("rankings", Rankings.of(s)));
    if ("csv".equals(format)) {
      report.onSuccess(r -> ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8")
              .putHeader("Content-Disposition", "attachment; filename=\"report-" + name + ".csv\"")
              .end(StatsQueries.csv(r) + "\n" + Rankings.csv(r.getJsonObject("rankings"))))
          .onFailure(e -> Http.fail(ctx, e));
    } else {
      Http.reply(ctx, report);
    }
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
