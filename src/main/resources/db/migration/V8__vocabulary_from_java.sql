-- The state groups and the escalation ladder are declared once, in ticket.Vocabulary; every start
-- writes them as immutable functions in the schema "vocabulary" (ticket_states(), open_states(),
-- workload_states(), withdrawn_states(), ladder_steps(), escalation_levels()) before the migrations
-- run. From here on the constraints, the index and the functions use those instead of spelling the
-- lists out.

ALTER TABLE tickets DROP CONSTRAINT tickets_status_check,
  ADD CONSTRAINT tickets_status_check CHECK (status = ANY (vocabulary.ticket_states()));
ALTER TABLE tickets DROP CONSTRAINT tickets_escalation_check,
  ADD CONSTRAINT tickets_escalation_check CHECK (escalation = ANY (vocabulary.escalation_levels()));

DROP INDEX tickets_open_category_place;
CREATE INDEX tickets_open_category_place ON tickets (category, lat, lon) WHERE status = ANY (vocabulary.open_states());

-- Routing (as in V7): the grid's active workers, the least loaded first, loads counted up to 100.
CREATE OR REPLACE FUNCTION pick_worker(grid text) RETURNS TABLE (id text, name text) LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN QUERY
  WITH candidates AS (
    SELECT u.id, u.name FROM user_grids ug JOIN users u ON u.id = ug.user_id
    WHERE ug.grid_id = grid AND u.active AND u.role = 'grid_worker'
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

-- A ticket's escalation from the next steps of its running clocks: a clock waiting for step n of
-- the ladder has reached the level of step n - 1; one past the top (no next step) the top level.
CREATE OR REPLACE FUNCTION escalation_of(next_steps text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  RETURN (SELECT (vocabulary.escalation_levels())[nullif(max(CASE WHEN s IS NULL THEN cardinality(vocabulary.ladder_steps())
                                                       ELSE coalesce(array_position(vocabulary.ladder_steps(), s) - 1, 0) END), 0)]
          FROM unnest(next_steps) AS s);
END
$$;
