-- Stats that do not grow with the history (docs/performance.md#years-of-history). A ticket's figures
-- (API.md's stats: counts, the three rates' parts, ratings, visits, returns) are written once, here,
-- as stats_row; StatsQueries sums them. A ticket is settled once its figures can no longer change with
-- time: withdrawn, or closed with each of its two clocks' conditions met (or never set). Settled
-- tickets are summed ahead in stats_sums (per UTC day and per month of filing, grid, category,
-- channel and departments), kept in step by triggers in the transaction of every change to a ticket
-- or its ratings (a reopening takes a ticket out again). A period's stats read the sums for its
-- whole months and days, and the tickets themselves only for the part days at its ends and the
-- unsettled tickets.

ALTER TABLE tickets ADD COLUMN settled boolean NOT NULL GENERATED ALWAYS AS (
  status = ANY (vocabulary.withdrawn_states())
  OR (status = 'closed' AND (responded_at IS NOT NULL OR respond_by IS NULL) AND (resolved_at IS NOT NULL OR resolve_by IS NULL))) STORED;
CREATE INDEX tickets_unsettled ON tickets (created_at) WHERE NOT settled;

-- One ticket's figures as of as_of (each 0 or 1, but the rating counts, returns and reopenings). A
-- neutral rating is rated but not satisfied; a bad rating reviewed as unreasonable is counted as
-- excluded; awaiting_visit is TicketQueries.AWAITING_VISIT.
CREATE FUNCTION stats_row(t tickets, as_of timestamptz)
  RETURNS TABLE (received int, open int, resolved int, closed int, overdue int, response_due int, responded_in_time int,
                 resolution_due int, resolved_in_time int, good int, neutral int, bad int, excluded int, rated_resolved int,
                 awaiting_visit int, returns int, reopens int)
  LANGUAGE sql STABLE AS $$
  SELECT 1,
         (t.status = ANY (vocabulary.open_states()))::int,
         (t.resolved_at IS NOT NULL AND c.counted)::int,
         (t.status = 'closed')::int,
         (t.status = ANY (vocabulary.open_states()) AND ((t.responded_at IS NULL AND t.respond_by < as_of)
                                                         OR (t.resolved_at IS NULL AND t.resolve_by < as_of)) IS TRUE)::int,
         (c.counted AND (t.responded_at IS NOT NULL OR t.respond_by <= as_of) IS TRUE)::int,
         (c.counted AND t.responded_at <= t.respond_by IS TRUE)::int,
         (c.counted AND (t.resolved_at IS NOT NULL OR t.resolve_by <= as_of) IS TRUE)::int,
         (c.counted AND t.resolved_at <= t.resolve_by IS TRUE)::int,
         rg.good, rg.neutral, rg.bad, rg.excluded,
         (t.resolved_at IS NOT NULL AND c.counted AND rg.rated > 0)::int,
         (t.status IN ('resolved', 'closed') AND t.reporter_id IS NULL AND t.channel <> 'patrol' AND t.rating IS NULL
          AND t.visited_at IS NULL)::int,
         t.return_count, t.reopen_count
  FROM (SELECT t.status <> ALL (vocabulary.withdrawn_states()) AS counted) AS c,
       (SELECT count(*) FILTER (WHERE r.rating = 'good')::int AS good, count(*) FILTER (WHERE r.rating = 'neutral')::int AS neutral,
               count(*) FILTER (WHERE r.rating = 'bad')::int AS bad,
               count(*) FILTER (WHERE r.rating = 'bad' AND r.review = 'unreasonable')::int AS excluded, count(*)::int AS rated
        FROM ticket_ratings r WHERE r.ticket_id = t.id) AS rg
$$;

-- The settled tickets' figures summed per UTC day (grain 'day') and per month ('month', day the
-- month's first): a day of a subdistrict's tickets spreads over as many rows as it has tickets'
-- grids, categories, channels and departments, so a year of days is about as many rows as tickets,
-- and a period reads its whole months by month and only the days at its ends by day.
CREATE TABLE stats_sums (
  grain             text NOT NULL CHECK (grain IN ('day', 'month')),
  day               date NOT NULL,      -- the UTC day the tickets were filed, or the first of its month
  grid_id           text NOT NULL,      -- '' for none
  category          text NOT NULL,      -- the category, or a service request's service code
  channel           text NOT NULL,
  dept_ids          text[] NOT NULL,
  received          bigint NOT NULL, open bigint NOT NULL, resolved bigint NOT NULL, closed bigint NOT NULL,
  overdue           bigint NOT NULL, response_due bigint NOT NULL, responded_in_time bigint NOT NULL,
  resolution_due    bigint NOT NULL, resolved_in_time bigint NOT NULL, good bigint NOT NULL, neutral bigint NOT NULL,
  bad               bigint NOT NULL, excluded bigint NOT NULL, rated_resolved bigint NOT NULL, awaiting_visit bigint NOT NULL,
  returns           bigint NOT NULL, reopens bigint NOT NULL,
  PRIMARY KEY (grain, day, grid_id, category, channel, dept_ids)
);

-- Adds (sign 1) or takes away (-1) the figures of one ticket as it now stands, if it is settled, to its
-- day and its month (PL/pgSQL: its statement is planned once per connection, not at every call).
CREATE FUNCTION stats_apply(ticket uuid, sign int) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stats_sums AS s (grain, day, grid_id, category, channel, dept_ids, received, open, resolved, closed, overdue, response_due,
                               responded_in_time, resolution_due, resolved_in_time, good, neutral, bad, excluded, rated_resolved,
                               awaiting_visit, returns, reopens)
  SELECT g.grain, date_trunc(g.grain, t.created_at AT TIME ZONE 'UTC')::date, coalesce(t.grid_id, ''), coalesce(t.category, t.service_code, ''),
         t.channel, t.dept_ids,
         sign * m.received, sign * m.open, sign * m.resolved, sign * m.closed, sign * m.overdue, sign * m.response_due,
         sign * m.responded_in_time, sign * m.resolution_due, sign * m.resolved_in_time, sign * m.good, sign * m.neutral, sign * m.bad,
         sign * m.excluded, sign * m.rated_resolved, sign * m.awaiting_visit, sign * m.returns, sign * m.reopens
  FROM tickets t CROSS JOIN LATERAL stats_row(t, now()) AS m CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
  WHERE t.id = ticket AND t.settled
  ON CONFLICT (grain, day, grid_id, category, channel, dept_ids) DO UPDATE SET
    received = s.received + excluded.received, open = s.open + excluded.open, resolved = s.resolved + excluded.resolved,
    closed = s.closed + excluded.closed, overdue = s.overdue + excluded.overdue, response_due = s.response_due + excluded.response_due,
    responded_in_time = s.responded_in_time + excluded.responded_in_time, resolution_due = s.resolution_due + excluded.resolution_due,
    resolved_in_time = s.resolved_in_time + excluded.resolved_in_time, good = s.good + excluded.good, neutral = s.neutral + excluded.neutral,
    bad = s.bad + excluded.bad, excluded = s.excluded + excluded.excluded, rated_resolved = s.rated_resolved + excluded.rated_resolved,
    awaiting_visit = s.awaiting_visit + excluded.awaiting_visit, returns = s.returns + excluded.returns, reopens = s.reopens + excluded.reopens;
END
$$;

-- The sums again from the tickets: here for the tickets settled already, and after a bulk load that
-- wrote tickets with the sums' triggers off.
CREATE FUNCTION stats_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM stats_sums;
  INSERT INTO stats_sums
  SELECT g.grain, date_trunc(g.grain, t.created_at AT TIME ZONE 'UTC')::date, coalesce(t.grid_id, ''), coalesce(t.category, t.service_code, ''),
         t.channel, t.dept_ids,
         sum(m.received), sum(m.open), sum(m.resolved), sum(m.closed), sum(m.overdue), sum(m.response_due), sum(m.responded_in_time),
         sum(m.resolution_due), sum(m.resolved_in_time), sum(m.good), sum(m.neutral), sum(m.bad), sum(m.excluded), sum(m.rated_resolved),
         sum(m.awaiting_visit), sum(m.returns), sum(m.reopens)
  FROM tickets t CROSS JOIN LATERAL stats_row(t, now()) AS m CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
  WHERE t.settled
  GROUP BY 1, 2, 3, 4, 5, 6;
$$;

-- Before a change, the ticket's figures as they stood go out; after it, those it now has come in.
-- A ticket's figures read its ratings too, so a change of its ratings does the same.
CREATE FUNCTION stats_before() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'tickets' THEN
    IF OLD.settled THEN PERFORM stats_apply(OLD.id, -1); END IF;
  ELSE
    PERFORM stats_apply(CASE WHEN TG_OP = 'INSERT' THEN NEW.ticket_id ELSE OLD.ticket_id END, -1);
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$$;
CREATE FUNCTION stats_after() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'tickets' THEN
    IF NEW.settled THEN PERFORM stats_apply(NEW.id, 1); END IF;
  ELSE
    PERFORM stats_apply(CASE WHEN TG_OP = 'DELETE' THEN OLD.ticket_id ELSE NEW.ticket_id END, 1);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER tickets_stats_before BEFORE UPDATE OR DELETE ON tickets FOR EACH ROW EXECUTE FUNCTION stats_before();
CREATE TRIGGER tickets_stats_after AFTER INSERT OR UPDATE ON tickets FOR EACH ROW EXECUTE FUNCTION stats_after();
CREATE TRIGGER ticket_ratings_stats_before BEFORE INSERT OR UPDATE OR DELETE ON ticket_ratings FOR EACH ROW EXECUTE FUNCTION stats_before();
CREATE TRIGGER ticket_ratings_stats_after AFTER INSERT OR UPDATE OR DELETE ON ticket_ratings FOR EACH ROW EXECUTE FUNCTION stats_after();

SELECT stats_rebuild();
-- the planner's figures for the new column and table, before the first stats read them
ANALYZE tickets, stats_sums;
