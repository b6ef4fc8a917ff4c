-- The stats' sums by the node's days and months (config "timezone", Asia/Shanghai by default), not by
-- UTC's: a period asked for in whole local months (a month, a year, the monthly report) then reads
-- its months' sums only, where UTC months left it a month of day rows to add up around them. The zone
-- the sums are kept in is stats_zone's one row; a node started with another zone sets it and rebuilds
-- the sums (StatsQueries.keepZone), so the sums and the reads always agree.
CREATE TABLE stats_zone (
  one  boolean PRIMARY KEY DEFAULT true CHECK (one),
  zone text NOT NULL
);
INSERT INTO stats_zone (zone) VALUES ('UTC');

CREATE FUNCTION stats_zone() RETURNS text LANGUAGE sql STABLE AS $$ SELECT zone FROM stats_zone $$;

CREATE OR REPLACE FUNCTION stats_apply(ticket uuid, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  z text := stats_zone();
BEGIN
  INSERT INTO stats_sums AS s (grain, day, grid_id, category, channel, dept_ids, received, open, resolved, closed, overdue, response_due,
                               responded_in_time, resolution_due, resolved_in_time, good, neutral, bad, excluded, rated_resolved,
                               awaiting_visit, returns, reopens)
  SELECT g.grain, date_trunc(g.grain, t.created_at AT TIME ZONE z)::date, coalesce(t.grid_id, ''), coalesce(t.category, t.service_code, ''),
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

CREATE OR REPLACE FUNCTION stats_rebuild() RETURNS void LANGUAGE sql AS $$
  DELETE FROM stats_sums;
  INSERT INTO stats_sums
  SELECT g.grain, date_trunc(g.grain, t.created_at AT TIME ZONE (SELECT zone FROM stats_zone))::date, coalesce(t.grid_id, ''),
         coalesce(t.category, t.service_code, ''), t.channel, t.dept_ids,
         sum(m.received), sum(m.open), sum(m.resolved), sum(m.closed), sum(m.overdue), sum(m.response_due), sum(m.responded_in_time),
         sum(m.resolution_due), sum(m.resolved_in_time), sum(m.good), sum(m.neutral), sum(m.bad), sum(m.excluded), sum(m.rated_resolved),
         sum(m.awaiting_visit), sum(m.returns), sum(m.reopens)
  FROM tickets t CROSS JOIN LATERAL stats_row(t, now()) AS m CROSS JOIN (VALUES ('day'), ('month')) AS g(grain)
  WHERE t.settled
  GROUP BY 1, 2, 3, 4, 5, 6;
$$;
