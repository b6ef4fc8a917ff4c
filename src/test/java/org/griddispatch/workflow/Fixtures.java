package org.griddispatch.workflow;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.catalog.WorkCalendar;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.Change;
import org.griddispatch.ticket.Timeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the decision tests share: the demo catalogues, the node's calendar and workflow settings, a
 * fixed "now", the actors, and a builder of ticket JSON shaped as {@code ticket.TicketRecord.fromRow}
 * shapes it.
 */
final class Fixtures {
  private Fixtures() {}

  static final JsonObject CONFIG = new JsonObject(read("conf/config.json"));
  static final WorkCalendar CALENDAR = new WorkCalendar(CONFIG);
  static final Catalog CATALOG = Catalog.of(new JsonArray(read("conf/demo/categories.json")),
      new JsonArray(read("conf/demo/services.json")), new JsonArray(read("conf/demo/departments.json")), CALENDAR);

  /** Thursday 26 November 2026, 10:00 in Shanghai: a working day, inside working hours. */
  static final OffsetDateTime NOW = at("2026-11-26T10:00");

  /** A local time in Shanghai, e.g. {@code at("2026-11-27T17:00")}. */
  static OffsetDateTime at(String local) { return OffsetDateTime.parse(local + ":00+08:00"); }

  /** The context at {@link #NOW}. */
  static Action.Context context() { return context(NOW); }

  static Action.Context context(OffsetDateTime now) {
    return new Action.Context(now, CATALOG, CONFIG.getJsonObject("workflow"));
  }

  static Action.Context context(OffsetDateTime now, JsonObject settings) {
    return new Action.Context(now, CATALOG, settings);
  }

  /** A time as the ticket JSON and the events carry it. */
  static String iso(OffsetDateTime t) { return Json.time(t); }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // actors

  static final String WORKER = "u-worker-1";
  static final String OTHER_WORKER = "u-worker-2";
  static final String REPORTER = "u-resident-1";
  static final String FOLLOWER = "u-resident-2";
  static final String GRID = "jgm-03";

  static Actor worker() { return new Actor(WORKER, Role.GRID_WORKER, "网格员甲", List.of(GRID), null); }

  static Actor deptStaff(String deptId) { return new Actor("u-staff-" + deptId, Role.DEPT_STAFF, "部门人员", List.of(), deptId); }

  static Actor dispatcher() { return new Actor("u-dispatcher", Role.DISPATCHER, "调度员", List.of(), null); }

  static Actor supervisor() { return new Actor("u-supervisor", Role.SUPERVISOR, "督办员", List.of(), null); }

  static Actor resident(String id) { return new Actor(id, Role.RESIDENT, "居民", List.of(), null); }

  static Actor system() { return new Actor("system", Role.SYSTEM, "时限监控", List.of(), null); }

  // bodies

  /** The input {@code action} reads from {@code body}; fails the test when the body has errors. */
  static JsonObject input(Action action, JsonObject body) {
    Fields fields = new Fields(body);
    JsonObject in = action.read(fields);
    fields.throwIfAny();
    return in;
  }

  /** The field errors {@code action} finds in {@code body}, by field (empty when none). */
  static Map<String, Object> bodyErrors(Action action, JsonObject body) {
    Fields fields = new Fields(body);
    action.read(fields);
    try {
      fields.throwIfAny();
      return Map.of();
    } catch (ApiError e) {
      return e.fields().getMap();
    }
  }

  // reading a change

  static List<String> eventTypes(Change c) { return c.events().stream().map(Timeline.NewEvent::type).toList(); }

  /** The data of the change's event of that type. */
  static JsonObject eventData(Change c, String type) {
    return c.events().stream().filter(e -> e.type().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("no event " + type + " in " + eventTypes(c))).data();
  }

  /** A time column the change sets. */
  static OffsetDateTime timeColumn(Change c, String column) {
    Object v = c.columns().get(column);
    if (!(v instanceof OffsetDateTime t)) throw new AssertionError(column + " is not set to a time: " + v);
    return t;
  }

  // tickets

  static TicketBuilder ticket(String status) { return new TicketBuilder(status); }

  /** Ticket JSON with the fields of {@code TicketRecord.fromRow}; an issue of category {@code road_damage} by default. */
  static final class TicketBuilder {
    private final JsonObject t;

    private TicketBuilder(String status) {
      t = new JsonObject()
          .put("id", UUID.randomUUID().toString())
          .put("number", "CX-20261126-0001")
          .put("kind", "issue")
          .put("status", status)
          .put("channel", "app")
          .put("category", "road_damage")
          .put("serviceCode", null)
          .put("priority", "normal")
          .put("description", "路面塌陷")
          .put("reporterId", REPORTER)
          .put("createdBy", REPORTER)
          .put("gridId", GRID)
          .put("assigneeId", WORKER)
          .put("deptIds", new JsonArray())
          .put("duplicateOf", null)
          .put("version", 3)
          .put("seq", 4)
          .put("deadlines", new JsonObject().put("respondBy", iso(NOW.minusHours(1))).put("resolveBy", iso(NOW.plusDays(3))))
          .put("respondedAt", null)
          .put("resolvedAt", null)
          .put("closedAt", null)
          .put("rating", null)
          .put("followerIds", new JsonArray())
          .put("duplicateCandidates", new JsonArray())
          .put("returnedFrom", null)
          .put("returnReason", null)
          .put("returnCount", 0)
          .put("reopenCount", 0)
          .put("extension", null)
          .put("attributes", new JsonObject())
          .put("escalation", null)
          .put("onHold", false)
          .put("heldAt", null)
          .put("departments", new JsonArray());
    }

    TicketBuilder category(String code) {
      t.put("kind", "issue").put("category", code).put("serviceCode", null);
      return this;
    }

    /** A one-window service request for that item (no category). */
    TicketBuilder service(String code) {
      t.put("kind", "service").put("category", null).put("serviceCode", code);
      return this;
    }

    TicketBuilder number(String number) {
      t.put("number", number);
      return this;
    }

    TicketBuilder assignee(String id) {
      t.put("assigneeId", id);
      return this;
    }

    TicketBuilder reporter(String id) {
      t.put("reporterId", id);
      return this;
    }

    TicketBuilder followers(String... ids) {
      t.put("followerIds", new JsonArray(List.of(ids)));
      return this;
    }

    TicketBuilder resolveBy(OffsetDateTime at) {
      t.getJsonObject("deadlines").put("resolveBy", iso(at));
      return this;
    }

    TicketBuilder resolvedAt(OffsetDateTime at) {
      t.put("resolvedAt", iso(at));
      return this;
    }

    TicketBuilder closedAt(OffsetDateTime at) {
      t.put("closedAt", iso(at));
      return this;
    }

    TicketBuilder onHoldSince(OffsetDateTime at) {
      t.put("onHold", true).put("heldAt", iso(at));
      return this;
    }

    TicketBuilder extensionRequested(OffsetDateTime until, String reason) {
      t.put("extension", new JsonObject().put("until", iso(until)).put("reason", reason).put("requestedBy", WORKER));
      return this;
    }

    TicketBuilder duplicateCandidates(String... ids) {
      t.put("duplicateCandidates", new JsonArray(List.of(ids)));
      return this;
    }

    TicketBuilder returnedFrom(String status) {
      t.put("returnedFrom", status);
      return this;
    }

    TicketBuilder returnCount(int n) {
      t.put("returnCount", n);
      return this;
    }

    TicketBuilder reopenCount(int n) {
      t.put("reopenCount", n);
      return this;
    }

    /** A department called in with its report-in deadline, not yet reported. */
    TicketBuilder called(String deptId, OffsetDateTime reportBy) {
      t.getJsonArray("deptIds").add(deptId);
      t.getJsonArray("departments").add(new JsonObject().put("deptId", deptId).put("calledAt", iso(reportBy.minusHours(2)))
          .put("reportBy", iso(reportBy)).put("reportedAt", null).put("finishedAt", null).put("releasedAt", null));
      return this;
    }

    TicketBuilder reported(String deptId, OffsetDateTime at) { return step(deptId, "reportedAt", at); }

    TicketBuilder finished(String deptId, OffsetDateTime at) { return step(deptId, "finishedAt", at); }

    TicketBuilder released(String deptId, OffsetDateTime at) { return step(deptId, "releasedAt", at); }

    private TicketBuilder step(String deptId, String field, OffsetDateTime at) {
      JsonObject d = TicketFacts.department(t, deptId);
      if (d == null) throw new IllegalStateException(deptId + " was not called on this fixture");
      d.put(field, iso(at));
      return this;
    }

    String id() { return t.getString("id"); }

    JsonObject json() { return t.copy(); }
  }
}
