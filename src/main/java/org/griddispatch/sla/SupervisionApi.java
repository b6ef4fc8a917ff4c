package org.griddispatch.sla;

import org.griddispatch.auth.Actor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Role;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Json;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GET /supervision: the supervisor's board (督办). Every running clock of an open ticket that is
 * past its deadline (overdue) or past its warning (at risk), with how late it is, grouped by grid
 * and by department.
 */
public final class SupervisionApi {
  private final Pool pool;
  private final Clock clock;

  public SupervisionApi(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.get("/supervision").handler(Http.handle(this::board));
  }

  private void board(RoutingContext ctx) {
    Role role = Actor.of(ctx).role();
    if (role != Role.SUPERVISOR && role != Role.DISPATCHER && role != Role.ADMIN) {
      throw ApiError.forbidden("The supervision board is for supervisors and the centre");
    }
    OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    Http.reply(ctx, pool.preparedQuery("""
            SELECT d.clock, d.dept_id, d.deadline_at, d.next_step, t.id, t.number, t.status, t.category, t.grid_id,
                   t.assignee_id, t.escalation, t.dept_ids
            FROM deadlines d JOIN tickets t ON t.id = d.ticket_id
            WHERE d.state IN ('active', 'paused') AND d.clock NOT IN ('rating', 'seen')
              AND (d.deadline_at < $1 OR d.next_step IS DISTINCT FROM 'warn')
            ORDER BY d.deadline_at""").execute(Tuple.of(now)).map(rows -> {
      Map<String, JsonObject> byGrid = new LinkedHashMap<>();
      Map<String, JsonObject> byDept = new LinkedHashMap<>();
      long overdue = 0;
      long atRisk = 0;
      for (Row r : rows) {
        OffsetDateTime deadline = r.getOffsetDateTime("deadline_at");
        boolean late = deadline.isBefore(now);
        if (late) overdue++;
        else atRisk++;
        JsonObject item = new JsonObject().put("ticketId", r.getUUID("id").toString()).put("number", r.getString("number"))
            .put("status", r.getString("status")).put("category", r.getString("category")).put("clock", r.getString("clock"))
            .put("deptId", r.getString("dept_id").isEmpty() ? null : r.getString("dept_id"))
            .put("deadline", Json.time(deadline)).put("assigneeId", r.getString("assignee_id"))
            .put("escalation", r.getString("escalation"))
            .put("minutesLate", late ? Duration.between(deadline, now).toMinutes() : 0)
            .put("minutesLeft", late ? 0 : Duration.between(now, deadline).toMinutes());
        String list = late ? "overdue" : "atRisk";
        String grid = r.getString("grid_id");
        byGrid.computeIfAbsent(String.valueOf(grid), k -> group("gridId", grid)).getJsonArray(list).add(item);
        // a department's own report-in clock, or the ticket's clocks once departments are called in
        String[] depts = !r.getString("dept_id").isEmpty() ? new String[] {r.getString("dept_id")} : r.getArrayOfStrings("dept_ids");
        for (String dept : depts) byDept.computeIfAbsent(dept, k -> group("deptId", dept)).getJsonArray(list).add(item);
      }
      return new JsonObject().put("generatedAt", Json.time(now)).put("overdue", overdue).put("atRisk", atRisk)
          .put("byGrid", new JsonArray(byGrid.values().stream().toList()))
          .put("byDept", new JsonArray(byDept.values().stream().toList()));
    }));
  }

  private static JsonObject group(String key, String value) {
    return new JsonObject().put(key, value).put("overdue", new JsonArray()).put("atRisk", new JsonArray());
  }
}
