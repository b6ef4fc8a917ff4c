package org.griddispatch.sla;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.catalog.Catalog;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The clocks a ticket runs against, derived from the ticket as it stands: respond-by until signed for,
 * resolve-by while open (paused while on hold), report-in-by for each called department until it
 * reports, and the rating window while resolved. {@link #sync} writes them to the deadlines table in
 * the transaction that changed the ticket; a clock whose deadline moved is scheduled afresh, one
 * whose deadline stayed keeps its place on the escalation ladder.
 */
public final class Clocks {
  private static final Set<String> OPEN = org.griddispatch.ticket.States.OPEN;
  private static final Set<String> AWAITING_RESPONSE = Set.of("received", "assigned", "returned");

  /** The escalation ladder: a warning, then at the deadline 催办, then 督办, then 通报. */
  public static final List<String> LADDER = List.of("warn", "overdue", "supervise", "notify");

  /** Settings of the ladder. */
  public record Settings(double warnAt, long superviseAfterMinutes, long notifyAfterMinutes) {
    public static Settings from(JsonObject config) {
      JsonObject s = config.getJsonObject("sla", new JsonObject());
      return new Settings(s.getDouble("warnAt", 0.75), s.getLong("superviseAfterMinutes", 60L), s.getLong("notifyAfterMinutes", 240L));
    }
  }

  private final WorkCalendar calendar;
  private final Settings settings;
  private final Catalog catalog;

  /** The clocks of a node's configuration (calendar, ladder settings) over its catalogues. */
  public static Clocks from(JsonObject config, Catalog catalog) {
    return new Clocks(new WorkCalendar(config), Settings.from(config), catalog);
  }

  public Clocks(WorkCalendar calendar, Settings settings, Catalog catalog) {
    this.calendar = calendar;
    this.settings = settings;
    this.catalog = catalog;
  }

  public WorkCalendar calendar() { return calendar; }

  /** When each step of a clock running from {@code start} to {@code deadline} falls due. */
  public OffsetDateTime dueOf(String step, OffsetDateTime start, OffsetDateTime deadline, boolean working) {
    return switch (step) {
      case "warn" -> working
          ? calendar.plus(start, Math.round(calendar.minutesBetween(start, deadline) * settings.warnAt()))
          : start.plusSeconds(Math.round(java.time.Duration.between(start, deadline).toSeconds() * settings.warnAt()));
      case "overdue", "close" -> deadline;
      case "supervise" -> deadline.plusMinutes(settings.superviseAfterMinutes());
      case "notify" -> deadline.plusMinutes(settings.notifyAfterMinutes());
      default -> throw new IllegalArgumentException(step);
    };
  }

  /** The step after {@code step}, or null at the top of the ladder. */
  public static String after(String step) {
    int i = LADDER.indexOf(step);
    return i < 0 || i == LADDER.size() - 1 ? null : LADDER.get(i + 1);
  }

  record Desired(String clock, String deptId, OffsetDateTime deadline, boolean working, boolean paused,
                 String firstStep, OffsetDateTime firstDue) {}

  /** The clocks a ticket should be running, as rows for SQL to unnest. */
  public record Rows(List<Desired> rows) {
    public int size() { return rows.size(); }

    /** The rows of several tickets, one after the other. */
    public static Rows concat(List<Rows> parts) {
      return new Rows(parts.stream().flatMap(p -> p.rows().stream()).toList());
    }

    /**
     * Adds seven parallel arrays to {@code tuple}: clock, department, deadline, working time, paused,
     * first step and when it falls due.
     */
    public Tuple addTo(Tuple tuple) {
      return tuple.addValue(rows.stream().map(Desired::clock).toArray(String[]::new))
          .addValue(rows.stream().map(Desired::deptId).toArray(String[]::new))
          .addValue(rows.stream().map(Desired::deadline).toArray(OffsetDateTime[]::new))
          .addValue(rows.stream().map(Desired::working).toArray(Boolean[]::new))
          .addValue(rows.stream().map(Desired::paused).toArray(Boolean[]::new))
          .addValue(rows.stream().map(Desired::firstStep).toArray(String[]::new))
          .addValue(rows.stream().map(Desired::firstDue).toArray(OffsetDateTime[]::new));
    }
  }

  /** The clocks {@code ticket} (as the contract shows it) should be running at {@code now}. */
  public Rows rows(JsonObject ticket, OffsetDateTime now) {
    return new Rows(desired(ticket, now));
  }

  /**
   * Makes the ticket's clocks what its state asks for and sets its escalation to match; answers
   * {@code ticket} with that escalation, so what is returned and pushed is the ticket as committed.
   */
  public Future<JsonObject> sync(SqlConnection conn, JsonObject ticket, OffsetDateTime now) {
    UUID id = UUID.fromString(ticket.getString("id"));
    return conn.preparedQuery("""
            WITH desired AS (
              SELECT * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::boolean[], $6::boolean[], $7::text[],
                                   $8::timestamptz[]) AS d (clock, dept_id, deadline_at, working, paused, first_step, first_due)
            ), upserted AS (
              INSERT INTO deadlines (ticket_id, clock, dept_id, started_at, deadline_at, working, next_step, due_at, state, paused_at)
              SELECT $1, clock, dept_id, $9, deadline_at, working, first_step, first_due,
                     CASE WHEN paused THEN 'paused' ELSE 'active' END, CASE WHEN paused THEN $9::timestamptz END
              FROM desired
              ON CONFLICT (ticket_id, clock, dept_id) DO UPDATE SET
                started_at = CASE WHEN deadlines.deadline_at <> excluded.deadline_at OR deadlines.state = 'done'
                                  THEN excluded.started_at ELSE deadlines.started_at END,
                next_step  = CASE WHEN deadlines.deadline_at <> excluded.deadline_at OR deadlines.state = 'done'
                                  THEN excluded.next_step ELSE deadlines.next_step END,
                due_at     = CASE WHEN deadlines.deadline_at <> excluded.deadline_at OR deadlines.state = 'done'
                                  THEN excluded.due_at ELSE deadlines.due_at END,
                deadline_at = excluded.deadline_at,
                working    = excluded.working,
                state      = excluded.state,
                paused_at  = CASE WHEN excluded.state = 'paused' THEN coalesce(deadlines.paused_at, excluded.paused_at) END
              RETURNING clock, dept_id
            )
            UPDATE deadlines SET state = 'done', due_at = NULL
            WHERE ticket_id = $1 AND state <> 'done'
              AND (clock, dept_id) NOT IN (SELECT clock, dept_id FROM upserted)""")
        .execute(rows(ticket, now).addTo(Tuple.of(id)).addValue(now))
        .compose(v -> conn.preparedQuery(ESCALATION).execute(Tuple.of(id)))
        .map(rows -> ticket.put("escalation", rows.iterator().next().getString("escalation")));
  }

  /**
   * The ticket's escalation is what its running clocks say now: a clock restarted, moved or stopped
   * takes its level with it (a warned clock waits for "overdue", and so on up the ladder).
   */
  private static final String ESCALATION = """
      WITH level AS (
        SELECT escalation_of(array_agg(d.next_step)) AS escalation
        FROM deadlines d WHERE d.ticket_id = $1 AND d.state = 'active' AND d.clock <> 'rating'
      ), changed AS (
        UPDATE tickets SET escalation = (SELECT escalation FROM level)
        WHERE id = $1 AND escalation IS DISTINCT FROM (SELECT escalation FROM level)
      )
      SELECT escalation FROM level
      """;

  private List<Desired> desired(JsonObject t, OffsetDateTime now) {
    List<Desired> out = new ArrayList<>();
    String status = t.getString("status");
    JsonObject category = catalog.category(t.getString("category"));
    boolean working = category == null || Deadlines.working(category);
    JsonObject deadlines = t.getJsonObject("deadlines");
    if (t.getValue("respondedAt") == null && AWAITING_RESPONSE.contains(status) && deadlines.getString("respondBy") != null) {
      out.add(ladder("respond", "", OffsetDateTime.parse(deadlines.getString("respondBy")), working, false, now));
    }
    if (OPEN.contains(status) && deadlines.getString("resolveBy") != null) {
      out.add(ladder("resolve", "", OffsetDateTime.parse(deadlines.getString("resolveBy")), working,
          t.getBoolean("onHold", false), now));
    }
    if ("whistled".equals(status)) {
      for (Object o : t.getJsonArray("departments")) {
        JsonObject d = (JsonObject) o;
        if (d.getValue("reportedAt") == null && d.getValue("releasedAt") == null) {
          // report-in times are short and urgent: calendar time
          out.add(ladder("report_in", d.getString("deptId"), OffsetDateTime.parse(d.getString("reportBy")), false, false, now));
        }
      }
    }
    if ("resolved".equals(status) && t.getString("resolvedAt") != null) {
      int hours = category == null ? 72 : category.getJsonObject("sla").getInteger("ratingWindowHours", 72);
      OffsetDateTime end = OffsetDateTime.parse(t.getString("resolvedAt")).plusHours(hours);
      out.add(new Desired("rating", "", end, false, false, "close", end));
    }
    return out;
  }

  /** A clock starting now: its first step is the first one still ahead (or, when all have passed, the last). */
  private Desired ladder(String clock, String deptId, OffsetDateTime deadline, boolean working, boolean paused, OffsetDateTime now) {
    OffsetDateTime start = now.isBefore(deadline) ? now : deadline;
    String step = LADDER.get(LADDER.size() - 1);
    OffsetDateTime due = dueOf(step, start, deadline, working);
    for (String s : LADDER) {
      OffsetDateTime d = dueOf(s, start, deadline, working);
      if (d.isAfter(now)) {
        step = s;
        due = d;
        break;
      }
    }
    return new Desired(clock, deptId, deadline, working, paused, step, due);
  }
}
