package org.griddispatch.ticket;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.griddispatch.auth.Actor;
import org.griddispatch.auth.Role;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a ticket can be and what can be done to it, declared once: the states and their groups, the
 * escalation ladder, and each action's starting states and who may take it. The SQL functions get
 * the lists from here ({@link #sql}), the pages from {@code GET /api/v1/meta} and each ticket's
 * {@code allowedActions}, the workflow's actions their rules.
 */
public final class Vocabulary {
  private Vocabulary() {}

  /** Every state, in the order a ticket usually passes through them. */
  public static final List<String> STATES = List.of("received", "assigned", "accepted", "whistled", "resolved", "closed",
      "returned", "merged", "reopened", "cancelled");

  /** Still being handled: counted as open, followed by the clocks, candidates for duplicates. */
  public static final Set<String> OPEN = Set.of("received", "assigned", "accepted", "whistled", "returned", "reopened");
  /** Nobody has signed for it yet: the response clock runs. */
  public static final Set<String> AWAITING_RESPONSE = Set.of("received", "assigned", "returned");
  /** On a worker's hands: what routing counts as a worker's load. */
  public static final Set<String> WORKLOAD = Set.of("assigned", "accepted", "whistled", "reopened");
  /** Not a request of its own (folded into another, or withdrawn): left out of the counts and rates. */
  public static final Set<String> WITHDRAWN = Set.of("merged", "cancelled");
  /** Finished with: nothing more is done to it (but a reopen within its window). */
  public static final Set<String> ENDED = Set.of("closed", "cancelled", "merged");

  /**
   * The escalation ladder a deadline climbs: a warning before it, then 催办 at it, 督办 after it, 通报
   * last. A ticket's escalation is the level of the last step its clocks fired.
   */
  public static final List<String> LADDER = List.of("warn", "overdue", "supervise", "notify");
  /** The ticket's escalation once each step of {@link #LADDER} has fired. */
  public static final List<String> ESCALATIONS = List.of("warned", "overdue", "supervised", "notified");
  /** The timeline event each step of {@link #LADDER} writes. */
  public static final List<String> LADDER_EVENTS = List.of("sla_warning", "sla_overdue", "sla_supervised", "sla_notified");

  /**
   * Every type of timeline event: intake's, each action's and the ladder's. Webhook subscriptions
   * name their events from it; a new event type is added here.
   */
  public static final Set<String> EVENTS = Set.of("created", "assigned", "merged", "accepted", "resolved", "held", "resumed",
      "commented", "attachment_added", "whistled", "reported", "dept_finished", "released", "handed_over",
      "materials_checked", "returned", "return_rejected", "reassigned", "cancelled", "duplicate_merged",
      "duplicates_dismissed", "extension_requested", "extension_approved", "extension_refused", "urged", "sla_warning",
      "sla_overdue", "sla_supervised", "sla_notified", "rated", "reopened", "closed",
      // in the field
      "seen", "unseen_alert",
      // the centre's desk
      "visited", "rating_reviewed", "corrected");

  /**
   * Staff-internal events: the staff's own business, never sent to a resident (REST, socket, Open311).
   * A return and its reason (退单), its rejection, a supervisor's urging (督办/催办), a department's
   * release, a dismissed duplicate flag, extension requests and decisions, the deadline ladder, and
   * who of the staff has seen the ticket on a terminal or was alerted to it.
   * A resident's timeline shows such an event as {@code {seq, at, type: "internal", internal: true}}
   * so that its seq numbers stay without gaps.
   */
  public static final Set<String> INTERNAL_EVENTS = Set.of("returned", "return_rejected", "urged", "released",
      "duplicates_dismissed", "extension_requested", "extension_approved", "extension_refused", "sla_warning",
      "sla_overdue", "sla_supervised", "sla_notified", "seen", "unseen_alert");

  /**
   * Public steps whose {@code note} and {@code reason} are notes between staff (a worker's note to the
   * department called, a department's report, a re-dispatch): a resident sees the step without them.
   */
  public static final Set<String> STAFF_NOTES = Set.of("accepted", "whistled", "reported", "dept_finished", "reassigned",
      "handed_over", "materials_checked", "held", "resumed");

  /** The event is staff-internal: an internal type, or a comment marked internal. */
  public static boolean internal(String type, JsonObject data) {
    return INTERNAL_EVENTS.contains(type) || ("commented".equals(type) && data != null && Boolean.TRUE.equals(data.getValue("internal")));
  }

  /** The step after {@code step}, or null at the top of the ladder. */
  public static String stepAfter(String step) {
    int i = LADDER.indexOf(step);
    return i < 0 || i == LADDER.size() - 1 ? null : LADDER.get(i + 1);
  }

  /** Who takes an action, as seen from the ticket. */
  public enum Who {
    /** The grid worker the ticket is assigned to. */
    ASSIGNEE,
    /** Staff of a department called to the ticket and not released from it. */
    CALLED_DEPARTMENT,
    /** The command centre: dispatchers (and admins). */
    CENTRE,
    /** Supervisors (and admins). */
    SUPERVISOR,
    /** The resident who reported, or one whose duplicate report was merged into it. */
    REPORTER,
    /** The account that filed it (an integration, the window's staff, the resident). */
    CREATOR,
    /** The integration (a channel system such as the 12345 hotline) that filed it: it rates for its caller, and closes or reopens after its own 回访. */
    FILING_CHANNEL,
    /** Anyone who can see the ticket. */
    VIEWER,
    /** The server itself: deadlines and automatic steps; never offered to a person. */
    SYSTEM;

    public boolean matches(Actor a, JsonObject t) {
      return switch (this) {
        case ASSIGNEE -> a.has(Role.GRID_WORKER) && a.id().equals(t.getString("assigneeId"));
        case CALLED_DEPARTMENT -> Scope.activeDepartment(a, t);
        case CENTRE -> a.has(Role.DISPATCHER) || a.has(Role.ADMIN);
        case SUPERVISOR -> a.has(Role.SUPERVISOR) || a.has(Role.ADMIN);
        case REPORTER -> a.has(Role.RESIDENT)
            && (a.id().equals(t.getString("reporterId")) || t.getJsonArray("followerIds", new JsonArray()).contains(a.id()));
        case CREATOR -> a.id().equals(t.getString("createdBy"));
        case FILING_CHANNEL -> a.has(Role.INTEGRATION) && a.id().equals(t.getString("createdBy"));
        case VIEWER -> !a.has(Role.SYSTEM) && Scope.canSee(a, t);
        case SYSTEM -> a.has(Role.SYSTEM);
      };
    }

    String wire() { return name().toLowerCase(); }
  }

  /** One action: the states it may start from (empty: any) and who may take it. */
  public record Rule(String action, Set<String> from, Set<Who> who) {
    public boolean allows(Actor actor, JsonObject ticket) {
      return who.stream().anyMatch(w -> w.matches(actor, ticket));
    }

    public boolean startsFrom(String status) { return from.isEmpty() || from.contains(status); }

    /** Offered to people (the deadline steps are the server's alone; a terminal says "seen" on its socket). */
    public boolean offered() { return !who.equals(Set.of(Who.SYSTEM)) && !SOCKET_ONLY.contains(action); }
  }

  private static final Set<String> HANDLING = Set.of("accepted", "whistled", "reopened");
  /** Actions a terminal takes over its WebSocket, never offered as a route or a button. */
  private static final Set<String> SOCKET_ONLY = Set.of("seen");
  private static final Set<String> NOT_SIGNED_OR_HANDLING = Set.of("received", "assigned", "accepted", "reopened");

  private static final Map<String, Rule> RULES = rules(
      // handling
      rule("accept", Set.of("assigned"), Who.ASSIGNEE),
      rule("resolve", HANDLING, Who.ASSIGNEE, Who.CALLED_DEPARTMENT),
      rule("hold", HANDLING, Who.ASSIGNEE, Who.CENTRE),
      rule("resume", HANDLING, Who.ASSIGNEE, Who.CENTRE),
      rule("comment", Set.of(), Who.VIEWER),
      // the terminal has shown the ticket to its user (WebSocket {"op":"seen"}): the first time per user is on the timeline
      rule("seen", Set.of(), Who.VIEWER),
      // a photo (POST /tickets/{id}/attachments): refused on a ticket that has ended, but by its own reporter
      rule("attach", Set.of(), Who.REPORTER, Who.CREATOR, Who.ASSIGNEE, Who.CALLED_DEPARTMENT, Who.CENTRE),
      // departments (吹哨报到)
      rule("whistle", HANDLING, Who.ASSIGNEE, Who.CENTRE),
      rule("report", Set.of("whistled"), Who.CALLED_DEPARTMENT),
      rule("finish", Set.of("whistled"), Who.CALLED_DEPARTMENT),
      rule("release", Set.of("whistled"), Who.CENTRE),
      // dispatch (退单, re-dispatch, cancel)
      rule("return", Set.of("assigned", "accepted"), Who.ASSIGNEE),
      rule("reject-return", Set.of("returned"), Who.CENTRE),
      rule("reassign", Set.of("received", "returned", "assigned", "accepted", "reopened"), Who.CENTRE),
      rule("cancel", Set.of("received", "assigned", "returned"), Who.CENTRE),
      // merging (去重)
      rule("merge", OPEN, Who.CENTRE),
      rule("keep", OPEN, Who.CENTRE),
      rule("follow", OPEN, Who.SYSTEM), // a report merged on arrival: its reporter follows the original
      rule("form-incident", OPEN, Who.SYSTEM), // several reports of one problem close in time and place: one incident
      rule("join-incident", union(OPEN, Set.of("merged")), Who.SYSTEM), // merged on arrival into the incident: joins it too
      // deadlines (延期, 督办, the ladder)
      rule("extend", Set.of("assigned", "accepted", "whistled", "reopened"), Who.ASSIGNEE, Who.CALLED_DEPARTMENT),
      rule("approve-extension", OPEN, Who.SUPERVISOR),
      rule("refuse-extension", OPEN, Who.SUPERVISOR),
      rule("urge", OPEN, Who.SUPERVISOR),
      rule("deadline-step", Set.of(), Who.SYSTEM),
      // the resident's say, and the end
      rule("rate", Set.of("resolved", "closed"), Who.REPORTER, Who.FILING_CHANNEL),
      rule("reopen", Set.of("resolved", "closed"), Who.REPORTER, Who.FILING_CHANNEL),
      rule("close", Set.of("resolved"), Who.CENTRE, Who.FILING_CHANNEL, Who.SYSTEM),
      // one-window service requests (一窗受理)
      rule("check-materials", NOT_SIGNED_OR_HANDLING, Who.ASSIGNEE, Who.CENTRE),
      rule("handover", NOT_SIGNED_OR_HANDLING, Who.ASSIGNEE, Who.CENTRE),
      // the centre's desk: return visits (回访), rating review (差评复核), correcting what intake got wrong
      rule("visit", Set.of("resolved", "closed"), Who.CENTRE),
      rule("review-rating", Set.of(), Who.SUPERVISOR),
      rule("correct", OPEN, Who.CENTRE));

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new java.util.LinkedHashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  private static Rule rule(String action, Set<String> from, Who... who) { return new Rule(action, from, Set.of(who)); }

  private static Map<String, Rule> rules(Rule... rules) {
    Map<String, Rule> out = new LinkedHashMap<>();
    for (Rule r : rules) out.put(r.action(), r);
    return java.util.Collections.unmodifiableMap(out);
  }

  /** The rule of an action, or null for an action that does not exist. */
  public static Rule rule(String action) { return RULES.get(action); }

  /** The actions {@code actor} may take on {@code ticket} in its current state (a further check may still refuse one). */
  public static List<String> allowedActions(Actor actor, JsonObject ticket) {
    String status = ticket.getString("status");
    return RULES.values().stream().filter(r -> r.offered() && r.startsFrom(status) && r.allows(actor, ticket))
        .map(Rule::action).toList();
  }

  /** The vocabulary as the pages read it ({@code GET /api/v1/meta}). */
  public static JsonObject describe() {
    JsonArray actions = new JsonArray();
    RULES.values().stream().filter(Rule::offered).forEach(r -> actions.add(new JsonObject().put("name", r.action())
        .put("from", new JsonArray(STATES.stream().filter(r.from()::contains).toList()))
        .put("who", new JsonArray(r.who().stream().filter(w -> w != Who.SYSTEM).map(Who::wire).sorted().toList()))));
    return new JsonObject().put("states", new JsonArray(STATES)).put("open", ordered(OPEN))
        .put("awaitingResponse", ordered(AWAITING_RESPONSE)).put("workload", ordered(WORKLOAD)).put("ended", ordered(ENDED))
        .put("withdrawn", ordered(WITHDRAWN))
        .put("ladder", new JsonArray(LADDER)).put("escalations", new JsonArray(ESCALATIONS)).put("actions", actions);
  }

  private static JsonArray ordered(Set<String> states) {
    return new JsonArray(STATES.stream().filter(states::contains).toList());
  }

  /**
   * The same lists for SQL: immutable functions the planner folds into constants, in a schema of their
   * own (the migrations own {@code public}). Run at every start, before the migrations, so that
   * migrations, functions and queries use them and never spell them out.
   */
  public static String sql() {
    return "CREATE SCHEMA IF NOT EXISTS vocabulary;\n" + function("ticket_states", STATES) + function("open_states", ordered(OPEN).getList())
        + function("workload_states", ordered(WORKLOAD).getList())
        + function("withdrawn_states", ordered(WITHDRAWN).getList()) + function("ended_states", ordered(ENDED).getList())
        + function("ladder_steps", LADDER)
        + function("escalation_levels", ESCALATIONS);
  }

  private static String function(String name, List<?> values) {
    return "CREATE OR REPLACE FUNCTION vocabulary." + name + "() RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ARRAY["
        + values.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")) + "]::text[] $$;\n";
  }
}
