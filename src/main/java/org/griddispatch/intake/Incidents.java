package org.griddispatch.intake;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.Addresses;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.TicketChanges;
import org.griddispatch.ticket.TicketRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One incident instead of twenty tickets: right after a report is filed, if it and the reports it
 * repeats (merged into one, or flagged as its candidates) are of a category whose problem is one for
 * many ({@code incidents.categories}: gas, water, power, drains) and number {@code incidents.minReports} (3) or
 * more, within {@code incidents.radiusMeters} (250 m) and {@code incidents.windowMinutes} (120) of it,
 * the earliest becomes the incident and the others join it; a later report flagged against an
 * incident (or one of its reports) joins it at once. A photo attached later links its report to the
 * earlier ones of the same picture, and the rule is applied again with those links ({@code Intake.linked}). Both go through {@link TicketChanges}
 * ({@code form-incident}, {@code join-incident}). Once an incident forms, the residents of its grids
 * (those who reported from them within {@code incidents.residentDays}, and its followers) are told on
 * their sockets ({@code incidents.notice}, "已知晓，抢修人员已出发").
 */
final class Incidents {
  private static final Logger log = LoggerFactory.getLogger(Incidents.class);
  private static final Actor SYSTEM = new Actor("system", Role.SYSTEM, "事件聚合", List.of(), null);

  /** The categories whose problem is one for many (a main, a line, a pipe): another streetlight at the same place is another problem. */
  static final List<String> CATEGORIES = List.of("gas_leak", "water_leak", "water_outage", "power_outage", "drainage_blockage");

  record Settings(int minReports, double radiusMeters, int windowMinutes, int residentDays, String notice, List<String> categories) {
    static Settings from(JsonObject config) {
      JsonObject c = config.getJsonObject("incidents", new JsonObject());
      return new Settings(c.getInteger("minReports", 3), c.getDouble("radiusMeters", 250.0), c.getInteger("windowMinutes", 120),
          c.getInteger("residentDays", 90), c.getString("notice", "已知晓，抢修人员已出发"),
          Json.strings(c.getJsonArray("categories", new JsonArray(CATEGORIES))));
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final Settings settings;

  Incidents(Vertx vertx, Pool pool, JsonObject config) {
    this.vertx = vertx;
    this.pool = pool;
    this.settings = Settings.from(config);
  }

  /** After {@code ticket} was filed with {@code verdict}: forms or joins an incident where the rule says so; answers the ticket as it now is. */
  Future<JsonObject> after(JsonObject ticket, Duplicates.Verdict verdict, TicketChanges changes, Supplier<Catalog> catalog,
                           OffsetDateTime now) {
    if (settings.minReports() < 2 || !settings.categories().contains(ticket.getString("category"))) return Future.succeededFuture(ticket);
    String mergedInto = ticket.getString("duplicateOf");
    List<UUID> near = new ArrayList<>();
    if (mergedInto != null) near.add(UUID.fromString(mergedInto));
    for (Duplicates.Candidate c : verdict.flagged()) {
      // a link that says two places (or two plates, two meters) is no incident's
      if (c.signals().samePlace() && c.signals().meters() <= settings.radiusMeters()
          && c.signals().hours() * 60 <= settings.windowMinutes()) near.add(c.id());
    }
    if (near.isEmpty()) return Future.succeededFuture(ticket);
    OffsetDateTime since = now.minusMinutes(settings.windowMinutes());
    // each related ticket, its incident, and how many reports were merged into it within the window
    return pool.preparedQuery("SELECT t.id, t.status, t.incident_id, t.created_at,"
            + " (SELECT array_agg(c.id) FROM tickets c WHERE c.duplicate_of = t.id AND c.created_at > $2 AND c.incident_id IS NULL) AS merged"
            + " FROM tickets t WHERE t.id = ANY($1)")
        .execute(Tuple.of(near.toArray(UUID[]::new), since))
        .compose(rows -> {
          record Related(UUID id, boolean open, UUID incident, OffsetDateTime at, List<UUID> merged) {}
          List<Related> related = new ArrayList<>();
          for (Row r : rows) {
            UUID[] merged = r.getArrayOfUUIDs("merged");
            related.add(new Related(r.getUUID("id"), org.griddispatch.ticket.Vocabulary.OPEN.contains(r.getString("status")),
                r.getUUID("incident_id"), r.getOffsetDateTime("created_at"), merged == null ? List.of() : List.of(merged)));
          }
          UUID self = UUID.fromString(ticket.getString("id"));
          // an incident already formed: the new report joins it (unless it was merged into it on arrival)
          UUID incident = related.stream().filter(r -> r.incident() != null).map(Related::incident).findFirst().orElse(null);
          if (incident != null) {
            if (mergedInto != null && !incident.toString().equals(mergedInto)) return Future.succeededFuture(ticket);
            return act(changes, self, "join-incident", new JsonObject().put("incidentId", incident.toString()), now).recover(e -> {
              log.debug("Joining incident {} failed: {}", incident, e.toString());
              return Future.succeededFuture(ticket);
            });
          }
          List<Related> open = related.stream().filter(r -> r.open() && !r.at().isBefore(since)).toList();
          List<UUID> reports = new ArrayList<>();
          if (mergedInto == null) reports.add(self);
          for (Related r : open) { reports.add(r.id()); reports.addAll(r.merged()); }
          if (mergedInto != null && !reports.contains(self)) reports.add(self);
          if (reports.size() < settings.minReports() || open.isEmpty()) return Future.succeededFuture(ticket);
          Related parent = open.stream().min(Comparator.comparing(Related::at)).orElseThrow();
          List<String> others = reports.stream().filter(id -> !id.equals(parent.id())).map(UUID::toString).distinct().toList();
          JsonObject body = new JsonObject().put("reportIds", new JsonArray(others))
              .put("reason", reports.size() + " reports within " + (int) settings.radiusMeters() + " m and "
                  + settings.windowMinutes() + " min");
          return act(changes, parent.id(), "form-incident", body, now)
              .compose(formed -> notice(formed, catalog.get(), now).map(formed))
              .compose(formed -> self.equals(parent.id()) ? Future.succeededFuture(formed) : reread(self))
              .recover(e -> {
                log.debug("Forming an incident on {} failed: {}", parent.id(), e.toString());
                return Future.succeededFuture(ticket);
              });
        });
  }

  /** The system's action on one ticket in a transaction of its own, the feed woken once it is committed. */
  private Future<JsonObject> act(TicketChanges changes, UUID id, String action, JsonObject body, OffsetDateTime now) {
    return pool.withTransaction(conn -> changes.apply(conn, SYSTEM, id, action, body, now)).onSuccess(changes::wake);
  }

  private Future<JsonObject> reread(UUID id) {
    return pool.preparedQuery("SELECT " + TicketRecord.COLUMNS + " FROM tickets WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> TicketRecord.fromRow(rows.iterator().next()));
  }

  /** Tells the residents of the incident's grids, on their sockets, that it is known and being handled. */
  private Future<Void> notice(JsonObject incident, Catalog catalog, OffsetDateTime now) {
    UUID id = UUID.fromString(incident.getString("id"));
    return pool.preparedQuery("WITH grids AS (SELECT DISTINCT grid_id FROM tickets WHERE (id = $1 OR incident_id = $1) AND grid_id IS NOT NULL)"
            + " SELECT (SELECT coalesce(array_agg(grid_id), '{}') FROM grids) AS grids,"
            + " (SELECT coalesce(array_agg(DISTINCT r), '{}') FROM (SELECT reporter_id AS r FROM tickets WHERE grid_id IN (SELECT grid_id FROM grids)"
            + "   AND reporter_id IS NOT NULL AND created_at > $2 UNION SELECT unnest(follower_ids) FROM tickets WHERE id = $1) x) AS residents")
        .execute(Tuple.of(id, now.minusDays(settings.residentDays())))
        .map(rows -> {
          Row r = rows.iterator().next();
          JsonObject category = catalog.category(incident.getString("category"));
          String name = category == null ? incident.getString("category") : category.getString("name");
          JsonObject notice = new JsonObject().put("id", "incident-" + id).put("kind", "incident").put("incidentId", id.toString())
              .put("title", name + " · " + incident.getString("number")).put("body", settings.notice())
              .put("gridIds", new JsonArray(List.of(r.getArrayOfStrings("grids"))))
              .put("residentIds", new JsonArray(List.of(r.getArrayOfStrings("residents"))))
              .put("at", Json.time(now));
          vertx.eventBus().publish(Addresses.PUSH_ANNOUNCEMENTS, notice);
          return null;
        });
  }
}
