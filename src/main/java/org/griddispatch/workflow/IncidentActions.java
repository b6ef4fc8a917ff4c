package org.griddispatch.workflow;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Fields;
import org.griddispatch.common.Json;
import org.griddispatch.ticket.Change;
import org.griddispatch.ticket.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Incidents: several reports of one problem, close in time and place (a burst main, a power cut, gas
 * smelt across a building), handled as one. The earliest report becomes the incident (its
 * {@code incidentId} is its own id): one handler, one whistle; every other report joins it (status
 * {@code merged}, {@code duplicateOf} and {@code incidentId} the incident's) and its reporters follow
 * it. Intake decides when (intake/Incidents); the system takes both actions.
 */
final class IncidentActions {
  private IncidentActions() {}

  /** This open ticket becomes the incident of {@code reportIds} (open reports, or reports already merged into it). */
  static Action formIncident() {
    return new NamedAction("form-incident") {
      public JsonObject read(Fields f) {
        return new JsonObject().put("reportIds", new JsonArray(f.strings("reportIds", true, 200, 64)))
            .put("reason", f.string("reason", true, 500));
      }
      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        UUID[] ids = Json.strings(in.getJsonArray("reportIds")).stream().map(UUID::fromString)
            .filter(id -> !id.toString().equals(t.getString("id"))).toArray(UUID[]::new);
        return conn.preparedQuery("SELECT id, number, status, duplicate_of, reporter_id, follower_ids FROM tickets"
                + " WHERE id = ANY($1) ORDER BY id FOR UPDATE").execute(Tuple.of(ids))
            .map(rows -> {
              JsonArray reports = new JsonArray();
              for (Row r : rows) {
                String status = r.getString("status");
                boolean mergedHere = "merged".equals(status) && r.getUUID("duplicate_of") != null
                    && r.getUUID("duplicate_of").toString().equals(t.getString("id"));
                if (!Vocabulary.OPEN.contains(status) && !mergedHere) continue; // closed meanwhile: it stays as it is
                List<String> reporters = new ArrayList<>(List.of(r.getArrayOfStrings("follower_ids")));
                if (r.getString("reporter_id") != null) reporters.add(0, r.getString("reporter_id"));
                reports.add(new JsonObject().put("id", r.getUUID("id").toString()).put("number", r.getString("number"))
                    .put("open", !mergedHere).put("reporterIds", new JsonArray(reporters)));
              }
              return in.put("reports", reports);
            });
      }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        if (t.getString("incidentId") != null) return "This ticket is already an incident or part of one";
        return in.getJsonArray("reports", new JsonArray()).isEmpty() ? "No open report to join the incident" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        UUID incident = UUID.fromString(t.getString("id"));
        JsonArray reports = in.getJsonArray("reports");
        List<String> followers = new ArrayList<>();
        JsonArray numbers = new JsonArray();
        for (Object o : reports) {
          JsonObject r = (JsonObject) o;
          followers.addAll(Json.strings(r.getJsonArray("reporterIds")));
          numbers.add(r.getString("number"));
        }
        Change change = Change.to(null, "incident_formed", new JsonObject().put("reports", reports.size() + 1)
                .put("joined", numbers).put("reason", in.getString("reason")))
            .set("incident_id", incident)
            .setExpression("follower_ids", "ARRAY(SELECT DISTINCT unnest(follower_ids || ?::text[]))", followers.toArray(String[]::new));
        for (Object o : reports) {
          JsonObject r = (JsonObject) o;
          change.alsoOn(UUID.fromString(r.getString("id")), joined(t, r.getBoolean("open")));
        }
        return change;
      }
    };
  }

  /** A report joins an incident already formed: it folds into it, and its reporters follow it. */
  static Action joinIncident() {
    return new NamedAction("join-incident") {
      public JsonObject read(Fields f) { return new JsonObject().put("incidentId", f.string("incidentId", true, 64)); }
      public Future<JsonObject> prepare(SqlConnection conn, Actor a, JsonObject t, JsonObject in, Context ctx) {
        UUID incident;
        try {
          incident = UUID.fromString(in.getString("incidentId"));
        } catch (IllegalArgumentException e) {
          return Future.failedFuture(ApiError.invalid(new JsonObject().put("incidentId", "not a ticket id")));
        }
        return conn.preparedQuery("SELECT id, number, status, incident_id FROM tickets WHERE id = $1 FOR UPDATE")
            .execute(Tuple.of(incident)).map(rows -> {
              if (rows.size() == 0) throw ApiError.invalid(new JsonObject().put("incidentId", "no such ticket"));
              Row r = rows.iterator().next();
              return in.put("incident", new JsonObject().put("id", r.getUUID("id").toString()).put("number", r.getString("number"))
                  .put("open", Vocabulary.OPEN.contains(r.getString("status")))
                  .put("isIncident", r.getUUID("id").equals(r.getUUID("incident_id"))));
            });
      }
      public String refuse(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject incident = in.getJsonObject("incident");
        if (!incident.getBoolean("isIncident")) return "That ticket is not an incident";
        if (!incident.getBoolean("open")) return "The incident is no longer being handled";
        if ("merged".equals(t.getString("status")) && !incident.getString("id").equals(t.getString("duplicateOf"))) {
          return "This ticket was merged into another ticket";
        }
        return t.getString("incidentId") != null ? "This ticket is already part of an incident" : null;
      }
      public Change apply(Actor a, JsonObject t, JsonObject in, Context ctx) {
        JsonObject incident = in.getJsonObject("incident");
        // merged into the incident on arrival: its reporter follows it already
        if ("merged".equals(t.getString("status"))) return joined(incident, false);
        List<String> reporters = new ArrayList<>(Json.strings(t.getJsonArray("followerIds")));
        if (t.getString("reporterId") != null) reporters.add(0, t.getString("reporterId"));
        return joined(incident, true)
            .alsoOn(UUID.fromString(incident.getString("id")),
                MergeActions.followed(reporters, t.getString("id"), t.getString("number"), "joined the incident"));
      }
    };
  }

  /** A report's side of joining {@code incident}: merged into it unless it already was. */
  private static Change joined(JsonObject incident, boolean open) {
    UUID id = UUID.fromString(incident.getString("id"));
    Change change = Change.to(open ? "merged" : null, "joined_incident", new JsonObject().put("incidentId", incident.getString("id"))
            .put("incidentNumber", incident.getString("number")))
        .set("incident_id", id);
    if (!open) return change;
    // one handler: the incident's; the report leaves its worker's queue
    return change.set("duplicate_of", id).set("assignee_id", null).set("duplicate_candidates", new UUID[0])
        .set("duplicate_reasons", new JsonArray()).handOff();
  }
}
