package org.griddispatch.duty;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.auth.Actor;
import org.griddispatch.common.ApiError;
import org.griddispatch.common.Json;
import org.griddispatch.common.Times;
import org.griddispatch.web.Http;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/**
 * {@code GET /duty} for the centre (dispatchers, supervisors, admins): each grid with its workers and
 * its backups (AB岗), whether each is on duty now (the switch, a roster, both as routing sees them),
 * and whom a ticket filed now would go to ({@code pick_worker} itself; null: the centre's queue).
 */
public final class DutyBoard {
  private static final String BOARD = """
      SELECT g.id, g.name, g.community,
             coalesce(jsonb_agg(m.person ORDER BY m.user_id) FILTER (WHERE m.kind = 'worker'), '[]') AS workers,
             coalesce(jsonb_agg(m.person ORDER BY m.user_id) FILTER (WHERE m.kind = 'backup'), '[]') AS backups,
             (SELECT jsonb_build_object('id', p.id, 'name', p.name) FROM pick_worker(g.id, $1, $2) p) AS next_assignee
      FROM grids g
      LEFT JOIN LATERAL (
        SELECT c.kind, u.id AS user_id,
               jsonb_build_object('id', u.id, 'name', u.name, 'onDuty', u.on_duty,
                                  'rostered', EXISTS (SELECT 1 FROM rosters r WHERE r.user_id = u.id),
                                  'onDutyNow', on_duty_at(u.id, u.on_duty, $1, $2)) AS person
        FROM (SELECT ug.user_id, 'worker' AS kind FROM user_grids ug WHERE ug.grid_id = g.id
              UNION ALL
              SELECT gb.user_id, 'backup' AS kind FROM grid_backups gb WHERE gb.grid_id = g.id) AS c
        JOIN users u ON u.id = c.user_id
        WHERE u.active AND u.role = 'grid_worker'
      ) AS m ON true
      WHERE g.active -- a grid left out of the set routes nothing
      GROUP BY g.id
      ORDER BY g.id""";

  private final Pool pool;
  private final Clock clock;
  private final ZoneId zone;

  public DutyBoard(Pool pool, Clock clock, ZoneId zone) {
    this.pool = pool;
    this.clock = clock;
    this.zone = zone;
  }

  public void mount(Router api) {
    api.get("/duty").handler(Http.handle(this::board));
  }

  private void board(RoutingContext ctx) {
    if (!Actor.of(ctx).role().seesEverything()) throw ApiError.forbidden("The duty board is the centre's");
    OffsetDateTime now = Times.now(clock);
    Http.reply(ctx, pool.preparedQuery(BOARD).execute(Tuple.of(now, zone.getId())).map(rows -> {
      JsonArray grids = new JsonArray();
      for (Row r : rows) {
        grids.add(new JsonObject().put("gridId", r.getString("id")).put("name", r.getString("name"))
            .put("community", r.getString("community"))
            .put("workers", r.getValue("workers")).put("backups", r.getValue("backups"))
            .put("nextAssignee", r.getValue("next_assignee")));
      }
      return new JsonObject().put("at", Json.time(now)).put("timezone", zone.getId()).put("items", grids);
    }));
  }
}
