-- Duty: who routing may choose at a given moment. A worker is on duty when their switch
-- (users.on_duty) is on and, if they have a roster, the roster has them on a shift at that moment in
-- the subdistrict's zone. Routing takes the grid's workers on duty, then the grid's backups (AB岗)
-- on duty, then nobody (the centre's queue).

-- Each grid's backup workers, kept by the grids' administration; created here the same way so that
-- either migration may run first.
CREATE TABLE IF NOT EXISTS grid_backups (
  grid_id text NOT NULL REFERENCES grids(id),
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (grid_id, user_id)
);

-- A worker with a row here has a roster; without one, the switch alone says whether they are on duty.
CREATE TABLE rosters (
  user_id    text PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  updated_at timestamptz NOT NULL
);

-- A weekly shift (weekday 1 = Monday … 7 = Sunday). A shift that ends at or before its start runs
-- past midnight and ends on the next day (20:00-08:00 a night, 08:00-08:00 a 24-hour duty).
CREATE TABLE roster_shifts (
  user_id text NOT NULL REFERENCES rosters(user_id) ON DELETE CASCADE,
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  starts  time NOT NULL,
  ends    time NOT NULL,
  PRIMARY KEY (user_id, weekday, starts)
);

-- A dated exception replaces the weekly shifts of its day: a day off (a row without times) or the
-- shifts worked that day.
CREATE TABLE roster_exceptions (
  user_id text NOT NULL REFERENCES rosters(user_id) ON DELETE CASCADE,
  day     date NOT NULL,
  starts  time,
  ends    time,
  CHECK ((starts IS NULL) = (ends IS NULL))
);
CREATE INDEX roster_exceptions_day ON roster_exceptions (user_id, day);

-- The shifts of one day of a worker's roster: the day's exceptions when it has any, else its weekday's.
CREATE FUNCTION roster_day(worker text, d date) RETURNS TABLE (starts time, ends time) LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM roster_exceptions e WHERE e.user_id = worker AND e.day = d) THEN
    RETURN QUERY SELECT e.starts, e.ends FROM roster_exceptions e
                 WHERE e.user_id = worker AND e.day = d AND e.starts IS NOT NULL;
  ELSE
    RETURN QUERY SELECT s.starts, s.ends FROM roster_shifts s
                 WHERE s.user_id = worker AND s.weekday = extract(isodow FROM d)::smallint;
  END IF;
END
$$;

-- Whether a worker is on duty at a moment, in the zone given (the node's configured zone): the switch
-- is on and either there is no roster or a shift of that day, or one of the day before running past
-- midnight, covers the moment. The one definition routing and the duty board share.
CREATE FUNCTION on_duty_at(worker text, switched_on boolean, moment timestamptz, tz text) RETURNS boolean
LANGUAGE plpgsql STABLE AS $$
DECLARE
  wall timestamp := moment AT TIME ZONE tz;
  t time := wall::time;
BEGIN
  IF NOT switched_on THEN RETURN false; END IF;
  IF NOT EXISTS (SELECT 1 FROM rosters r WHERE r.user_id = worker) THEN RETURN true; END IF;
  RETURN EXISTS (SELECT 1 FROM roster_day(worker, wall::date) s
                 WHERE t >= s.starts AND (t < s.ends OR s.ends <= s.starts))
      OR EXISTS (SELECT 1 FROM roster_day(worker, wall::date - 1) s
                 WHERE s.ends <= s.starts AND t < s.ends);
END
$$;

-- Routing honours duty: the grid's active workers on duty, else its backups on duty (a worker who is
-- both counts as the grid's own), the least loaded of them as before (V7, V8); none: nobody.
DROP FUNCTION pick_worker(text);
CREATE FUNCTION pick_worker(grid text, moment timestamptz, tz text) RETURNS TABLE (id text, name text)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN QUERY
  WITH on_duty AS (
    SELECT u.id, u.name, min(c.tier) AS tier
    FROM (SELECT ug.user_id, 0 AS tier FROM user_grids ug WHERE ug.grid_id = grid
          UNION ALL
          SELECT gb.user_id, 1 AS tier FROM grid_backups gb WHERE gb.grid_id = grid) AS c
    JOIN users u ON u.id = c.user_id
    WHERE u.active AND u.role = 'grid_worker' AND on_duty_at(u.id, u.on_duty, moment, tz)
    GROUP BY u.id, u.name
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

-- The catalogue's version: every administrative change of categories, departments, service items or
-- the working calendar raises it (holding this row's lock meanwhile); nodes read the catalogue again
-- when it moves on.
INSERT INTO settings (key, value) VALUES ('catalog.version', '0') ON CONFLICT (key) DO NOTHING;
