package org.griddispatch.open311;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.common.ApiError;
import org.griddispatch.ticket.ReportFiler;
import org.griddispatch.ticket.TicketChanges;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The service-request resources, whatever the format: reading requests and their updates (who is
 * asking is settled by {@link Callers} before any parameter is checked, so 401 and 403 come before a
 * 400), filing a request through intake, and tokens. Each reads its parameters, asks
 * {@link Open311Queries} and answers in {@link Open311Mapper}'s shapes.
 */
final class ServiceRequests {
  private final Open311Queries queries;
  private final Open311Mapper mapper;
  private final Callers callers;
  private final Supplier<Catalog> catalog;
  private final ReportFiler intake;
  private final TicketChanges changes;
  private final Clock clock;

  ServiceRequests(Open311Queries queries, Open311Mapper mapper, Callers callers, Supplier<Catalog> catalog, ReportFiler intake,
                  TicketChanges changes, Clock clock) {
    this.queries = queries;
    this.mapper = mapper;
    this.callers = callers;
    this.catalog = catalog;
    this.intake = intake;
    this.changes = changes;
    this.clock = clock;
  }

  /** GET requests (possibly none), or GET requests/{id} when {@code id} is not null (404 when there is none). */
  Future<Answer> read(MultiMap query, String id) {
    return callers.reader(query).compose(audience -> queries.requests(QueryParameters.requests(query, id, now())).map(rows -> {
      if (id != null && rows.size() == 0) throw new ApiError(404, "not_found", "service_request_id not found: " + id);
      return mapper.requests(rows, audience);
    }));
  }

  /** POST requests: the form becomes an ordinary ticket, filed by the api_key's integration account. */
  Future<Answer> file(MultiMap form) {
    return callers.filer(form)
        .compose(integration -> intake.file(integration, ServiceRequestForm.ticketBody(form, catalog.get()), null))
        .map(mapper::filed);
  }

  /** GET tokens/{token}: requests are filed at once, so a token is the ticket's id and stands for its request. */
  Future<Answer> token(String token) {
    UUID ticketId;
    try {
      ticketId = UUID.fromString(token);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(tokenNotFound(token));
    }
    return queries.ticketNumber(ticketId).map(number -> {
      if (number == null) throw tokenNotFound(token);
      return mapper.token(number, token);
    });
  }

  /**
   * POST servicerequestupdates: the integration that filed a request closes or reopens it and adds its
   * note, each as that account's action on the ticket (the same rules, events and webhooks as the
   * REST API's). The status goes first, so a refused one (409: not resolved yet) writes nothing;
   * answers the update's id. Another account's request is not found.
   */
  Future<Answer> postUpdate(MultiMap form) {
    return callers.filer(form).compose(integration -> {
      UpdateForm update = UpdateForm.read(form);
      return queries.ticketByNumber(update.number()).compose(row -> {
        if (row == null) throw new ApiError(404, "not_found", "service_request_id not found: " + update.number());
        String id = row.getUUID("id").toString();
        String action = update.action(row.getString("status"));
        Future<JsonObject> status = action == null ? Future.succeededFuture()
            : changes.act(integration, id, action, action.equals("reopen")
                ? new JsonObject().put("reason", update.description() == null ? "12345 回访：问题未解决" : update.description())
                : new JsonObject(), null);
        return status
            .compose(t -> update.description() == null || "reopen".equals(action) ? Future.succeededFuture(t)
                : changes.act(integration, id, "comment", new JsonObject().put("text", update.description()), null))
            .compose(t -> queries.latestEvent(row.getUUID("id")))
            .map(eventId -> Answer.list("service_request_updates", "request_update",
                new JsonArray().add(new JsonObject().put("update_id", String.valueOf(eventId)))));
      });
    });
  }

  /** GET servicerequestupdates: mySociety's extension, each public step in the window as an update. */
  Future<Answer> updates(MultiMap query) {
    return callers.reader(query).compose(audience -> queries.updates(QueryParameters.updates(query, now()))
        .map(rows -> mapper.updates(rows, audience)));
  }

  private static ApiError tokenNotFound(String token) {
    return new ApiError(404, "not_found", "token not found: " + token);
  }

  private OffsetDateTime now() {
    return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
  }
}
