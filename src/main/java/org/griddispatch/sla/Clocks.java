package org.griddispatch.sla;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.griddispatch.catalog.Catalog;
import org.griddispatch.catalog.WorkCalendar;
import org.griddispatch.ticket.Change;
import org.griddispatch.ticket.ClockKeeper;
import org.griddispatch.ticket.Vocabulary;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The clocks a ticket runs against, derived from the ticket as it stands: respond-by until signed for,
 * resolve-by while open (paused while on hold), report-in-by for each called department until it
 * reports, and the rating window while resolved. The only writer of the deadlines table: {@link #sync}
 * writes a ticket's clocks in the transaction that changed it ({@code ticket.TicketChanges} calls it),
 * {@link #upsert} is the same insert inside intake's statement; a clock whose deadline moved is
 * scheduled afresh, one whose deadline stayed keeps its place on the escalation ladder.
 */
public final class Clocks implements ClockKeeper {

  private static final List<String> LADDER = Vocabulary.LADDER;

  /** Settings of the ladder. */
  public record Settings(double warnAt, long superviseAfterMinutes, long notifyAfterMinutes) {
    public static Settings from(JsonObject config) {
      JsonObject s = config.getJsonObject("sla", new JsonObject());
      return new Settings(s.getDouble("warnAt", 0.75), s.getLong("superviseAfterMinutes", 60L), s.getLong("notifyAfterMinutes", 240L));
    }
  }

  /** The clock of an urgent ticket its assignee has not seen yet, and its one step: the unseen alert. */
  public static final String SEEN = "seen";
  public static final String ALERT = "alert";

  private final Settings settings;
  private final Supplier<Catalog> catalog;
  private final java.time.Duration seenTimeout;

  /** The clocks of a node's ladder settings over its current catalogue (categories and working calendar). */
  public static Clocks from(JsonObject config, Supplier<Catalog> catalog) {
    return new Clocks(Settings.from(config), catalog, seenTimeout(config));
  }

  /** How long an urgent ticket may wait unseen by its assignee: {@code push.seenTimeoutSeconds}, 60 by default. */
  public static java.time.Duration seenTimeout(JsonObject config) {
    return java.time.Duration.ofSeconds(config.getJsonObject("push", new JsonObject()).getLong("seenTimeoutSeconds", 60L));
  }

  public Clocks(Settings settings, Supplier<Catalog> catalog) {
    this(settings, catalog, java.time.Duration.ofSeconds(60));
  }

  public Clocks(Settings settings, Supplier<Catalog> catalog, java.time.Duration seenTimeout) {
    this.settings = settings;
    this.catalog = catalog;
    this.seenTimeout = seenTimeout;
  }

  /** When each step of a clock running from {@code start} to {@code deadline} falls due. */
  private OffsetDateTime dueOf(String step, OffsetDateTime start, OffsetDateTime deadline, boolean working, WorkCalendar calendar) {
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

  /** The clocks {@code ticket} (as the contract shows it) should be running at {@code now}, by the catalogue {@code at}. */
  public Rows rows(Catalog at, JsonObject ticket, OffsetDateTime now) {
    return new Rows(desired(at, ticket, now));
  }

  /**
   * Writes clock rows, new or changed, from {@code source}: a query of (ticket_id, clock, dept_id,
   * started_at, deadline_at, working, paused, first_step, first_due). A clock whose deadline moved (or
   * that had stopped) starts afresh at its first step; one whose deadline stayed keeps its place on the
   * ladder. Intake embeds it in the statement that files new tickets, {@link #sync} in its own: the
   * deadlines table has this one writer.
   */
  public static String upsert(String source) {
    return """
        INSERT INTO deadlines (ticket_id, clock, dept_id, started_at, deadline_at, working, next_step, due_at, state, paused_at)
        SELECT d.ticket_id, d.clock, d.dept_id, d.started_at, d.deadline_at, d.working, d.first_step, d.first_due,
               CASE WHEN d.paused THEN 'paused' ELSE 'active' END, CASE WHEN d.paused THEN d.started_at END
        FROM (%s) AS d
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
          paused_at  = CASE WHEN excluded.state = 'paused' THEN coalesce(deadlines.paused_at, excluded.paused_at) END""".formatted(source);
  }

  private static final String SYNC = """
      WITH desired AS (
        SELECT * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::boolean[], $6::boolean[], $7::text[],
                             $8::timestamptz[]) AS d (clock, dept_id, deadline_at, working, paused, first_step, first_due)
      ), upserted AS (
      %s
        RETURNING clock, dept_id
      )
      UPDATE deadlines SET state = 'done', due_at = NULL
      WHERE ticket_id = $1 AND state <> 'done'
        AND (clock, dept_id) NOT IN (SELECT clock, dept_id FROM upserted)""".formatted(upsert(
      "SELECT $1::uuid AS ticket_id, clock, dept_id, $9::timestamptz AS started_at, deadline_at, working, paused, first_step,"
          + " first_due FROM desired"));

  /**
   * Moves each fired step's clock on to its next step (the rating window's "close" and the top of the
   * ladder have none), then makes the ticket's clocks what its state asks for and sets its escalation
   * to match; answers {@code ticket} with that escalation, so what is returned and pushed is the
   * ticket as committed.
   */
  @Override
  public Future<JsonObject> sync(SqlConnection conn, JsonObject ticket, List<Change.FiredStep> fired, OffsetDateTime now) {
    UUID id = UUID.fromString(ticket.getString("id"));
    Catalog at = catalog.get();
    Future<Void> moved = Future.succeededFuture();
    for (Change.FiredStep step : fired) moved = moved.compose(v -> advance(conn, step, at.calendar()));
    return moved
        .compose(v -> conn.preparedQuery(SYNC).execute(rows(at, ticket, now).addTo(Tuple.of(id)).addValue(now)))
        .compose(v -> conn.preparedQuery(ESCALATION).execute(Tuple.of(id)))
        .map(rows -> ticket.put("escalation", rows.iterator().next().getString("escalation")));
  }

  private Future<Void> advance(SqlConnection conn, Change.FiredStep fired, WorkCalendar calendar) {
    return conn.preparedQuery("SELECT started_at, deadline_at, working FROM deadlines WHERE id = $1").execute(Tuple.of(fired.deadlineId()))
        .compose(rows -> {
          Row r = rows.iterator().next();
          String next = Vocabulary.stepAfter(fired.step());
          OffsetDateTime due = next == null ? null
              : dueOf(next, r.getOffsetDateTime("started_at"), r.getOffsetDateTime("deadline_at"), r.getBoolean("working"), calendar);
          return conn.preparedQuery("UPDATE deadlines SET next_step = $2, due_at = $3,"
                  + " state = CASE WHEN $4 THEN 'done' ELSE state END WHERE id = $1")
              .execute(Tuple.of(fired.deadlineId(), next, due, !Vocabulary.LADDER.contains(fired.step())));
        }).mapEmpty();
  }

  /** A clock step that has nothing left to do (the rating window of a ticket no longer resolved) stops. */
  public static Future<Void> retire(SqlConnection conn, long deadlineId) {
    return conn.preparedQuery("UPDATE deadlines SET state = 'done', due_at = NULL WHERE id = $1").execute(Tuple.of(deadlineId)).mapEmpty();
  }

  /**
   * The ticket's escalation is what its running clocks say now: a clock restarted, moved or stopped
   * takes its level with it (a warned clock waits for "overdue", and so on up the ladder).
   */
  private static final String ESCALATION = """
      WITH level AS (
        SELECT escalation_of(array_agg(d.next_step)) AS escalation
        FROM deadlines d WHERE d.ticket_id = $1 AND d.state = 'active' AND d.clock NOT IN ('rating', 'seen')
      ), changed AS (
        UPDATE tickets SET escalation = (SELECT escalation FROM level)
        WHERE id = $1 AND escalation IS DISTINCT FROM (SELECT escalation FROM level)
      )
      SELECT escalation FROM level
      """;

  private List<Desired> desired(Catalog at, JsonObject t, OffsetDateTime now) {
    List<Desired> out = new ArrayList<>();
    String status = t.getString("status");
    WorkCalendar calendar = at.calendar();
    JsonObject category = at.category(t.getString("category"));
    boolean working = category == null || Deadlines.working(category);
    JsonObject deadlines = t.getJsonObject("deadlines");
    if (t.getValue("respondedAt") == null && Vocabulary.AWAITING_RESPONSE.contains(status) && deadlines.getString("respondBy") != null) {
      out.add(ladder("respond", "", OffsetDateTime.parse(deadlines.getString("respondBy")), working, false, now, calendar));
    }
    if (Vocabulary.OPEN.contains(status) && deadlines.getString("resolveBy") != null) {
      out.add(ladder("resolve", "", OffsetDateTime.parse(deadlines.getString("resolveBy")), working,
          t.getBoolean("onHold", false), now, calendar));
    }
    if ("whistled".equals(status)) {
      for (Object o : t.getJsonArray("departments")) {
        JsonObject d = (JsonObject) o;
        if (d.getValue("reportedAt") == null && d.getValue("releasedAt") == null) {
          // report-in times are short and urgent: calendar time
          out.add(ladder("report_in", d.getString("deptId"), OffsetDateTime.parse(d.getString("reportBy")), false, false, now, calendar));
        }
      }
    }
    if (waitsToBeSeen(t)) {
      // the assignee's terminal has not shown it: alert once, timeout after it reached them
      OffsetDateTime due = OffsetDateTime.parse(t.getString("assignedAt")).plus(seenTimeout);
      out.add(new Desired(SEEN, "", due, false, false, ALERT, due));
    }
    if ("resolved".equals(status) && t.getString("resolvedAt") != null) {
      int hours = category == null ? 72 : category.getJsonObject("sla").getInteger("ratingWindowHours", 72);
      OffsetDateTime end = OffsetDateTime.parse(t.getString("resolvedAt")).plusHours(hours);
      out.add(new Desired("rating", "", end, false, false, "close", end));
    }
    return out;
  }

  /** An urgent ticket with its assignee, not signed for, not yet seen by them nor alerted as unseen. */
  public static boolean waitsToBeSeen(JsonObject t) {
    return "urgent".equals(t.getString("priority")) && "assigned".equals(t.getString("status"))
        && t.getString("assigneeId") != null && t.getString("assignedAt") != null
        && t.getValue("assigneeSeenAt") == null && t.getValue("unseenAlertAt") == null;
  }

  /** A clock starting now: its first step is the first one still ahead (or, when all have passed, the last). */
  private Desired ladder(String clock, String deptId, OffsetDateTime deadline, boolean working, boolean paused, OffsetDateTime now,
                         WorkCalendar calendar) {
    OffsetDateTime start = now.isBefore(deadline) ? now : deadline;
    String step = LADDER.get(LADDER.size() - 1);
    OffsetDateTime due = dueOf(step, start, deadline, working, calendar);
    for (String s : LADDER) {
      OffsetDateTime d = dueOf(s, start, deadline, working, calendar);
      if (d.isAfter(now)) {
        step = s;
        due = d;
        break;
      }
    }
    return new Desired(clock, deptId, deadline, working, paused, step, due);
  }
}
