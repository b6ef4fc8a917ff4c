-- Functions called by every intake statement and every workflow change are PL/pgSQL, not SQL: a SQL
-- function that cannot be inlined is parsed and planned again in each statement that calls it (0.7 ms
-- for pick_worker, 0.25 ms for ticket_topics, measured with pgbench), while PL/pgSQL keeps its plans
-- for the life of the connection.

-- Routing compares the open tickets of a grid's workers, counted up to 100: past that a worker is
-- simply overloaded, and counting every one of thousands would make each new ticket slower than the
-- last. Workers at the cap share new tickets at random; below it the least loaded takes the ticket,
-- the first by id on a tie. Tickets are counted only where there is a choice to make.
CREATE OR REPLACE FUNCTION pick_worker(grid text) RETURNS TABLE (id text, name text) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN QUERY
  WITH candidates AS (
    SELECT u.id, u.name FROM user_grids ug JOIN users u ON u.id = ug.user_id
    WHERE ug.grid_id = grid AND u.active AND u.role = 'grid_worker'
  ), loads AS (
    SELECT c.id, c.name, CASE WHEN (SELECT count(*) FROM candidates) > 1 THEN (
             SELECT count(*) FROM (SELECT 1 FROM tickets o WHERE o.assignee_id = c.id
                                   AND o.status IN ('assigned', 'accepted', 'whistled', 'reopened') LIMIT 100) AS open) END AS load
    FROM candidates c
  )
  SELECT l.id, l.name FROM loads l
  ORDER BY l.load, CASE WHEN l.load >= 100 THEN random() END, l.id
  LIMIT 1;
END
$$;

-- The topics an event of the ticket is published on (unchanged from V3).
CREATE OR REPLACE FUNCTION ticket_topics(t tickets) RETURNS text[] LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (SELECT coalesce(array_agg(DISTINCT topic ORDER BY topic), '{}')
          FROM unnest(ARRAY['ticket:' || t.id::text, 'center', 'grid:' || t.grid_id, 'user:' || t.reporter_id,
                            'user:' || t.assignee_id, 'user:' || t.created_by]
                      || ARRAY(SELECT 'dept:' || d FROM unnest(t.dept_ids) AS d)
                      || ARRAY(SELECT 'user:' || f FROM unnest(t.follower_ids) AS f)) AS topic
          WHERE topic IS NOT NULL);
END
$$;

-- A ticket's escalation from the next steps of its running clocks (unchanged from V6).
CREATE OR REPLACE FUNCTION escalation_of(next_steps text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN (SELECT (ARRAY['warned', 'overdue', 'supervised', 'notified'])[nullif(max(
            CASE WHEN s IS NULL THEN 4 WHEN s = 'notify' THEN 3 WHEN s = 'supervise' THEN 2 WHEN s = 'overdue' THEN 1 ELSE 0 END), 0)]
          FROM unnest(next_steps) AS s);
END
$$;
