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
import org.griddispatch.ticket.TicketQueries;
import org.griddispatch.ticket.Vocabulary;
import org.griddispatch.auth.Role;
import org.griddispatch.common.Fields;
import org.griddispatch.geo.Distances;
import java.util.Set;

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
public final class Intake implements ReportFiler, org.griddispatch.ticket.PhotoMatcher {
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
      String gridId = gridOf(request);
      boolean patrol = TicketRequest.PATROL.equals(request.channel());
      // a worker reports on patrol in their own grids only; anywhere else is another worker's (or the centre's) ground
      if (patrol && !actor.worksIn(gridId)) {
        throw new ApiError(403, "outside_own_grids", gridId == null
            ? "A patrol report is filed in your own grids; this point is outside every grid"
            : "A patrol report is filed in your own grids; this point is in grid " + gridId);
      }
      // A retry is recognised by the unique indexes on (account, Idempotency-Key) and (channel, externalId):
      // filing it fails, and the answer is the ticket already filed. No lookup is paid by first attempts.
      return limits.count(actor, request)
          .compose(v -> openReportsLoaded())
          .compose(v -> insert(current, actor, request, key, gridId, duplicates(new Duplicates.Report(
              request.category(), request.lat(), request.lon(), request.description(), request.address(), now()), patrol)))
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

  /**
   * The likely duplicates of a report. The worker on the spot keeps what they found on patrol: such a
   * report is never folded into another on arrival; what would have merged it is flagged for the centre.
   */
  private Duplicates.Verdict duplicates(Duplicates.Report report, boolean patrol) {
    return report.checkable() ? Duplicates.check(openReports, report, patrol ? duplicates.flagOnly() : duplicates)
        : Duplicates.Verdict.NONE;
  }

  /**
   * The earlier open reports near a ticket, of its category and within the window, with a photo of the
   * same picture as {@code hash} (a few bits apart), as duplicate reasons, best first. The candidates
   * come from memory; their photos' hashes from one query.
   */
  @Override
  public Future<JsonArray> samePhoto(UUID ticketId, long hash) {
    OpenReports.Entry report = openReports.get(ticketId);
    if (report == null) return Future.succeededFuture(new JsonArray());
    List<OpenReports.Entry> earlier = earlier(report);
    if (earlier.isEmpty()) return Future.succeededFuture(new JsonArray());
    UUID[] ids = earlier.stream().map(OpenReports.Entry::id).toArray(UUID[]::new);
    return pool.preparedQuery("SELECT DISTINCT ticket_id FROM attachments WHERE ticket_id = ANY($1) AND photo_hash IS NOT NULL"
            + " AND bit_count((photo_hash # $2)::bit(64)) <= $3")
        .execute(Tuple.of(ids, hash, org.griddispatch.ticket.PhotoHash.SAME_PICTURE_BITS))
        .map(rows -> {
          Set<UUID> same = new java.util.HashSet<>();
          for (var r : rows) same.add(r.getUUID("ticket_id"));
          Commonness.Telling telling = openReports.telling(report.category());
          List<Duplicates.Candidate> found = new java.util.ArrayList<>();
          for (OpenReports.Entry e : earlier) if (same.contains(e.id())) found.add(Duplicates.samePhoto(report, e, telling, duplicates));
          found.sort(java.util.Comparator.comparingDouble(Duplicates.Candidate::score).reversed());
          return new JsonArray(found.stream().map(c -> c.reason(true)).toList());
        });
  }

  /**
   * A photo flagged earlier reports of the same picture on {@code ticket} (committed): these links count
   * toward an incident as the text's do. The ticket's links are its earlier open reports of the same
   * photo and those its words flag (as at filing), each under the incident's rules of place and time
   * ({@link Incidents}); a report of a patrol, merged, or in an incident already is left as it is.
   */
  @Override
  public Future<JsonObject> linked(JsonObject ticket, JsonArray matches) {
    if (!Vocabulary.OPEN.contains(ticket.getString("status")) || ticket.getString("incidentId") != null
        || ticket.getString("duplicateOf") != null || TicketRequest.PATROL.equals(ticket.getString("channel"))) {
      return Future.succeededFuture(ticket);
    }
    OpenReports.Entry report = openReports.get(UUID.fromString(ticket.getString("id")));
    if (report == null) return Future.succeededFuture(ticket);
    Set<String> photo = new java.util.HashSet<>();
    for (Object o : matches) photo.add(((JsonObject) o).getString("ticketId"));
    Commonness.Telling telling = openReports.telling(report.category());
    List<Duplicates.Candidate> links = new java.util.ArrayList<>();
    for (OpenReports.Entry e : earlier(report)) {
      boolean same = photo.contains(e.id().toString());
      Duplicates.Candidate c = same ? Duplicates.samePhoto(report, e, telling, duplicates) : Duplicates.compared(report, e, telling, duplicates);
      if (same || c.score() >= duplicates.flagAt()) links.add(c);
    }
    if (links.isEmpty()) return Future.succeededFuture(ticket);
    return incidents.after(ticket, new Duplicates.Verdict(null, links), changes, catalog, now()).map(now2 -> {
      if (!now2.getString("status").equals(ticket.getString("status"))) openReports.apply(now2);
      return now2;
    });
  }

  /** The open reports a report's photo is compared with: of its category, filed before it within the window and the radius. */
  private List<OpenReports.Entry> earlier(OpenReports.Entry report) {
    return Duplicates.around(openReports, report.category(), report.lat(), report.lon(), report.createdAt(), duplicates).stream()
        .filter(e -> !e.id().equals(report.id()) && e.createdAt() <= report.createdAt()
            && Distances.meters(report.lat(), report.lon(), e.lat(), e.lon()) <= duplicates.radiusMeters())
        .toList();
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
    boolean patrol = TicketRequest.PATROL.equals(r.channel());
    String priority = category != null ? category.getString("priority") : "normal";
    // the clocks of a ticket just filed and waiting to be signed for (a merged one runs none); whether it
    // waits to be seen depends on a worker being found, which the statement decides (TicketFiler)
    Clocks.Rows clockRows = clocks.rows(catalog, new JsonObject().put("status", "assigned").put("category", r.category())
        .put("priority", priority).put("assigneeId", patrol ? actor.id() : TicketFiler.ROUTED).put("assignedAt", Json.time(now))
        .put("assigneeSeenAt", patrol ? Json.time(now) : null) // the finder has seen what they report
        .put("deadlines", new JsonObject().put("respondBy", Json.time(deadlines.respondBy()))
            .put("resolveBy", Json.time(deadlines.resolveBy()))), now);
    TicketFiler.Filing filing = new TicketFiler.Filing(UUID.randomUUID(), now, r,
        r.description() != null ? r.description() : item.getString("name"),
        priority, gridId,
        actor.role().wire().equals("resident") ? actor.id() : null, actor.id(), key, deadlines.respondBy(),
        deadlines.resolveBy(), actor.role().wire(), actor.name(),
        new JsonObject().put("channel", r.channel()).put("kind", r.kind()).put("category", r.category())
            .put("serviceCode", r.serviceCode()).put("gridId", gridId),
        verdict.mergeInto(), verdict.candidates(), verdict.reasons(), clockRows, patrol ? actor.id() : null, patrol ? actor.name() : null);
    Future<JsonObject> filed = r.resolveNow() ? settledOnTheSpot(actor, filing, now)
        : verdict.mergeInto() == null ? filer.file(filing) : pool.withTransaction(conn ->
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
      // several reports of one problem close in time and place: one incident (answered as the ticket now is);
      // what a worker found on patrol stays theirs, as it is never merged on arrival
      if ("patrol".equals(ticket.getString("channel"))) return Future.succeededFuture(new JsonObject().put("created", true).put("ticket", ticket));
      return incidents.after(ticket, verdict, changes, this.catalog, now).map(now2 -> {
        if (!now2.getString("status").equals(ticket.getString("status"))) openReports.apply(now2);
        return new JsonObject().put("created", true).put("ticket", now2);
      });
    });
  }

  /**
   * "This is the same problem": a resident follows an open report of the category within
   * {@link TicketQueries#NEARBY_METERS} of their point (the reports {@code GET /tickets/nearby} shows
   * them), through the same {@code follow} that a merge on arrival uses. No ticket is filed. Anything
   * else (another category, a closed report, one farther away, an unknown number) is 404, so a
   * number alone opens nothing.
   */
  @Override
  public Future<JsonObject> follow(Actor actor, JsonObject body) {
    try {
      if (!actor.has(Role.RESIDENT)) throw ApiError.forbidden("Only a resident follows a report nearby");
      Fields f = new Fields(body);
      f.onlyKnown(Set.of("number", "category", "location"));
      String number = f.string("number", true, 64);
      String category = f.string("category", true, 64);
      JsonObject location = f.object("location", true);
      Double lat = location == null ? null : f.number(location, "lat", "location.lat", -90, 90);
      Double lon = location == null ? null : f.number(location, "lon", "location.lon", -180, 180);
      f.throwIfAny();
      OffsetDateTime now = Times.now(clock);
      return pool.withTransaction(conn -> conn.preparedQuery("SELECT id, category, status, lat, lon, reporter_id, follower_ids FROM tickets WHERE number = $1")
          .execute(Tuple.of(number)).compose(rows -> {
            var r = rows.size() == 0 ? null : rows.iterator().next();
            if (r == null || !category.equals(r.getString("category"))
                || !Vocabulary.OPEN.contains(r.getString("status")) || r.getValue("lat") == null
                || Distances.meters(lat, lon, r.getDouble("lat"), r.getDouble("lon")) > TicketQueries.NEARBY_METERS) {
              throw ApiError.notFound("Open report nearby");
            }
            JsonObject follow = new JsonObject().put("reporterIds", new JsonArray().add(actor.id()))
                .put("reason", "the resident said it is the same problem");
            return changes.apply(conn, DEDUPLICATION, r.getUUID("id"), "follow", follow, now);
          })).onSuccess(changes::wake);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * 当场办结: a patrol report of a small matter the worker settled where they found it, filed, signed
   * for and resolved with their note in one transaction, as the ordinary actions would write them.
   */
  private Future<JsonObject> settledOnTheSpot(Actor actor, TicketFiler.Filing filing, OffsetDateTime now) {
    return pool.withTransaction(conn -> filer.insert(conn, List.of(filing)).map(list -> list.get(0))
        .compose(ticket -> changes.apply(conn, actor, filing.id(), "accept", new JsonObject(), now))
        .compose(ticket -> changes.apply(conn, actor, filing.id(), "resolve",
            new JsonObject().put("note", filing.request().note()), now)));
  }

  public Future<Void> close() {
    return pool.close();
  }
}
