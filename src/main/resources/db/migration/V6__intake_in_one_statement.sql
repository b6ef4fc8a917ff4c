-- Intake files a ticket, its events and its clocks in one statement. Two things that needs:

-- JSON written as a quoted string (the "created" event's data, a ticket's answers) becomes the
-- object it spells.
UPDATE ticket_events SET data = (data #>> '{}')::jsonb WHERE jsonb_typeof(data) = 'string';
UPDATE tickets SET attributes = (attributes #>> '{}')::jsonb WHERE jsonb_typeof(attributes) = 'string';

-- A ticket's escalation from the next steps of its running clocks: a clock waiting to warn is not
-- escalated, one waiting for "overdue" has been warned, and so on up the ladder; a clock past the
-- top (no next step) has been notified.
CREATE FUNCTION escalation_of(next_steps text[]) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (ARRAY['warned', 'overdue', 'supervised', 'notified'])[nullif(max(
           CASE WHEN s IS NULL THEN 4 WHEN s = 'notify' THEN 3 WHEN s = 'supervise' THEN 2 WHEN s = 'overdue' THEN 1 ELSE 0 END), 0)]
  FROM unnest(next_steps) AS s
$$;

-- Routing counts a worker's open tickets only where there is a choice to make: most grids have one
-- worker, and counting grows with the tickets they hold.
CREATE OR REPLACE FUNCTION pick_worker(grid text) RETURNS TABLE (id text, name text) LANGUAGE sql STABLE AS $$
  WITH candidates AS (
    SELECT u.id, u.name FROM user_grids ug JOIN users u ON u.id = ug.user_id
    WHERE ug.grid_id = grid AND u.active AND u.role = 'grid_worker'
  )
  SELECT c.id, c.name FROM candidates c
  ORDER BY CASE WHEN (SELECT count(*) FROM candidates) > 1
                THEN (SELECT count(*) FROM tickets o WHERE o.assignee_id = c.id
                      AND o.status IN ('assigned', 'accepted', 'whistled', 'reopened')) END, c.id
  LIMIT 1
$$;
