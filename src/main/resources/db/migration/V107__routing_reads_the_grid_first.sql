-- Two costs of filing a ticket that grew with the subdistrict (docs/performance.md#where-a-tickets-time-goes-2026-11-29-evening).
--
-- 1. Routing asked every grid worker of the subdistrict whether they were on duty before it kept the
--    grid's own (the planner applied on_duty_at while scanning users, ahead of the join): 26 calls a
--    ticket in the demo, one per worker of the city at scale. The grid's members and backups are read
--    first, and only they are asked.
CREATE OR REPLACE FUNCTION pick_worker(grid text, moment timestamptz, tz text) RETURNS TABLE (id text, name text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN QUERY
  WITH members AS MATERIALIZED (
    SELECT u.id, u.name, u.on_duty, min(c.tier) AS tier
    FROM (SELECT ug.user_id, 0 AS tier FROM user_grids ug WHERE ug.grid_id = grid
          UNION ALL
          SELECT gb.user_id, 1 AS tier FROM grid_backups gb WHERE gb.grid_id = grid) AS c
    JOIN users u ON u.id = c.user_id
    WHERE u.active AND u.role = 'grid_worker'
    GROUP BY u.id, u.name, u.on_duty
  ), on_duty AS MATERIALIZED (
    SELECT m.id, m.name, m.tier FROM members m WHERE on_duty_at(m.id, m.on_duty, moment, tz)
  ), candidates AS (
    SELECT w.id, w.name FROM on_duty w WHERE w.tier = (SELECT min(x.tier) FROM on_duty x)
  ), loads AS (
    SELECT c.id, c.name, CASE WHEN (SELECT count(*) FROM candidates) > 1 THEN (
             SELECT count(*) FROM (SELECT 1 FROM tickets o WHERE o.assignee_id = c.id
                                   AND o.status = ANY (vocabulary.workload_states()) LIMIT 100) AS open) END AS load
    FROM candidates c
  )
  SELECT l.id, l.name FROM loads l
  ORDER BY l.load, CASE WHEN l.load >= 100 THEN random() END, l.id
  LIMIT 1;
END
$$;

-- 2. Whether a report's originals form an incident counted the reports merged into each by reading
--    the whole tickets table (no index led from an original to its duplicates): 14 ms at 13,000
--    tickets, a second at a million.
CREATE INDEX tickets_duplicate_of ON tickets (duplicate_of) WHERE duplicate_of IS NOT NULL;
