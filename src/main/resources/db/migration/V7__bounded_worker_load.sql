-- Routing compares the open tickets of a grid's workers, counted up to 100: past that a worker is
-- simply overloaded, and counting every one of thousands would make each new ticket slower than the
-- last. Workers at the cap share new tickets at random; below it the least loaded takes the ticket,
-- the first by id on a tie.
CREATE OR REPLACE FUNCTION pick_worker(grid text) RETURNS TABLE (id text, name text) LANGUAGE sql VOLATILE AS $$
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
  LIMIT 1
$$;
