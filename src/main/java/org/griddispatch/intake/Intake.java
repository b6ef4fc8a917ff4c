package org.griddispatch.intake;

import org.griddispatch.common.Json;
import org.griddispatch.common.Times;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Errors;
import org.griddispatch.geo.GridIndex;
import org.griddispatch.geo.GridLocator;
import org.griddispatch.limits.Limiter;
import org.griddispatch.sla.Clocks;
import org.griddispatch.sla.Deadlines;
import org.griddispatch.store.Database;
import org.griddispatch.ticket.ReportFiler;
import org.griddispatch.ticket.TicketRecord;
import org.griddispatch.ticket.TicketChanges;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Files new reports: an existing ticket for a retry, or a new one stored, routed and announced.
 * Each HTTP verticle has its own and calls it on its own event loop, so a report crosses no
 * threads on its way to its statement; reports arriving together still share one statement and one
 * commit ({@link Batcher}).
 */
public final class Intake implements ReportFiler {
  /** Who merges a report into an earlier one on arrival, in the original's timeline. */
  private static final Actor DEDUPLICATION = new Actor("system", org.griddispatch.auth.Role.SYSTEM, "自动去重", List.of(), null);

  private final Vertx vertx;
  private final Context context;
  private final JsonObject config;
  private final Clock clock;
  private final OpenReports openReports;
  private final GridLocator grids;
  private final Duplicates.Settings duplicates;
  private final Pool pool;
  private final TicketFiler filer;
  private final long timeoutMillis;
  private final FilingLimits limits;
  private final Incidents incidents;
  private Clocks clocks;
  private Supplier<Catalog> catalog;
  private TicketChanges changes;

  /** Call on the event loop it is to run on. */
  public Intake(Vertx vertx, JsonObject config, Clock clock, OpenReports openReports, GridLocator grids) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.clock = clock;
    this.openReports = openReports;
    this.grids = grids;
    this.duplicates = Duplicates.Settings.from(config);
    this.pool = Database.pool(vertx, config, config.getInteger("dbPoolSize", 8), "intake");
    JsonObject batching = config.getJsonObject("intake", new JsonObject());
    this.filer = new TicketFiler(pool, context, config.getString("ticketPrefix", "CX"), config.getString("timezone", "Asia/Shanghai"),
        batching.getInteger("maxBatch", 64), batching.getInteger("statementsInFlight", 1));
    this.timeoutMillis = batching.getLong("timeoutMillis", 30_000L);
    this.limits = new FilingLimits(Limiter.of(vertx, pool, config));
    this.incidents = new Incidents(vertx, pool, config);
  }

  /** Ready to file over the node's current catalogue; merges on arrival change the original through {@code changes}. */
  public void start(Supplier<Catalog> catalog, Clocks clocks, TicketChanges changes) {
    this.catalog = catalog;
    this.clocks = clocks;
    this.changes = changes;
  }

  @Override
  public Future<JsonObject> file(Actor actor, JsonObject body, String key) {
    try {
      Catalog current = catalog.get(); // one catalogue from checking the report to its deadlines
      TicketRequest request = TicketRequest.parse(body, actor, current);
      // A retry is recognised by the unique indexes on (account, Idempotency-Key) and (channel, externalId):
      // filing it fails, and the answer is the ticket already filed. No lookup is paid by first attempts.
      return limits.count(actor, request)
          .compose(v -> openReportsLoaded())
          .compose(v -> insert(current, actor, request, key, gridOf(request), duplicates(new Duplicates.Report(request.category(),
              request.lat(), request.lon(), request.description(), request.address(), now()))))
          .recover(e -> Errors.isUniqueViolation(e, "tickets_idempotency") || Errors.isUniqueViolation(e, "tickets_channel_external")
              ? existing(actor, request, key).map(t -> new JsonObject().put("created", false).put("ticket", t))
              : Future.failedFuture(e))
          // a caller is told to retry rather than kept waiting on a stuck database; its retry is recognised as above
          .timeout(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** At once, except in the first seconds of a node: then on this intake's event loop once the open reports are in. */
  private Future<Void> openReportsLoaded() {
    Future<Void> loaded = openReports.whenLoaded();
    if (loaded.isComplete()) return loaded;
    Promise<Void> here = Promise.promise();
    loaded.onComplete(ar -> context.runOnContext(v -> here.handle(ar)));
    return here.future();
  }

  private Duplicates.Verdict duplicates(Duplicates.Report report) {
    return report.checkable() ? Duplicates.check(openReports, report, duplicates) : Duplicates.Verdict.NONE;
  }

  private Future<JsonObject> existing(Actor actor, TicketRequest request, String key) {
    return pool.preparedQuery("SELECT " + TicketRecord.COLUMNS + " FROM tickets"
            + " WHERE (created_by = $1 AND idempotency_key = $2) OR (channel = $3 AND external_id = $4) LIMIT 1")
        .execute(Tuple.of(actor.id(), key, request.channel(), request.externalId()))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(new IllegalStateException("unique violation without a ticket"));
          JsonObject ticket = TicketRecord.fromRow(rows.iterator().next());
          // a retry is the same account's; another account's ticket with this externalId is not theirs to get
          if (!actor.id().equals(ticket.getString("createdBy"))) {
            return Future.failedFuture(ApiError.conflict("external_id_taken",
                "Another account already filed a ticket with this externalId on this channel"));
          }
          return Future.succeededFuture(ticket);
        });
  }

  /** Locks the ticket a report would merge into and answers whether it is still being handled. */
  private static Future<Boolean> stillOpen(io.vertx.sqlclient.SqlConnection conn, UUID target) {
    if (target == null) return Future.succeededFuture(true);
    return conn.preparedQuery("SELECT status FROM tickets WHERE id = $1 FOR UPDATE").execute(Tuple.of(target))
        .map(rows -> rows.size() > 0 && org.griddispatch.ticket.Vocabulary.OPEN.contains(rows.iterator().next().getString(0)));
  }

  private OffsetDateTime now() {
    return Times.now(clock);
  }

  /** The id of the grid the report is in; null without a location or outside every grid. */
  private String gridOf(TicketRequest request) {
    if (!request.hasLocation()) return null;
    GridIndex.Grid grid = grids.locate(request.lat(), request.lon());
    return grid == null ? null : grid.id();
  }

  private Future<JsonObject> insert(Catalog catalog, Actor actor, TicketRequest r, String key, String gridId,
                                    Duplicates.Verdict verdict) {
    OffsetDateTime now = now();
    JsonObject category = catalog.category(r.category());
    JsonObject item = catalog.service(r.serviceCode());
    Deadlines.Pair deadlines = item != null ? Deadlines.forService(item, now, catalog.calendar())
        : Deadlines.forCategory(category, now, catalog.calendar());
    // the clocks of a ticket just filed and waiting to be signed for (a merged one runs none)
    Clocks.Rows clockRows = clocks.rows(catalog, new JsonObject().put("status", "received").put("category", r.category())
        .put("deadlines", new JsonObject().put("respondBy", Json.time(deadlines.respondBy()))
            .put("resolveBy", Json.time(deadlines.resolveBy()))), now);
    TicketFiler.Filing filing = new TicketFiler.Filing(UUID.randomUUID(), now, r,
        r.description() != null ? r.description() : item.getString("name"),
        category != null ? category.getString("priority") : "normal", gridId,
        actor.role().wire().equals("resident") ? actor.id() : null, actor.id(), key, deadlines.respondBy(),
        deadlines.resolveBy(), actor.role().wire(), actor.name(),
        new JsonObject().put("channel", r.channel()).put("kind", r.kind()).put("category", r.category())
            .put("serviceCode", r.serviceCode()).put("gridId", gridId),
        verdict.mergeInto(), verdict.candidates(), verdict.reasons(), clockRows);
    Future<JsonObject> filed = verdict.mergeInto() == null ? filer.file(filing) : pool.withTransaction(conn ->
        stillOpen(conn, verdict.mergeInto())
            // the original closed meanwhile: file this report as a ticket of its own
            .compose(open -> filer.insert(conn, List.of(open ? filing : filing.notMerged()))).map(list -> list.get(0))
            .compose(ticket -> {
              if (ticket.getString("duplicateOf") == null) return Future.succeededFuture(ticket);
              // the original hears of it, and the reporter follows the original from now on
              JsonObject follow = new JsonObject().put("ticketId", ticket.getString("id")).put("number", ticket.getString("number"))
                  .put("reporterIds", filing.reporterId() == null ? new JsonArray() : new JsonArray().add(filing.reporterId()))
                  .put("reason", "automatic duplicate detection");
              return changes.apply(conn, DEDUPLICATION, verdict.mergeInto(), "follow", follow, now).map(ticket);
            }));
    return filed.compose(ticket -> {
      // compared with the next report at once, not only when the event stream brings it back
      openReports.apply(ticket);
      changes.wake(ticket);
      // several reports of one problem close in time and place: one incident (answered as the ticket now is)
      return incidents.after(ticket, verdict, changes, this.catalog, now).map(now2 -> {
        if (!now2.getString("status").equals(ticket.getString("status"))) openReports.apply(now2);
        return new JsonObject().put("created", true).put("ticket", now2);
      });
    });
  }

  public Future<Void> close() {
    return pool.close();
  }
}
