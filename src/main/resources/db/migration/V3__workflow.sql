-- The whole workflow: departments whistled in, returns, duplicates and followers, extensions,
-- reopening, ratings by every reporter of a merged group, and photos.

ALTER TABLE tickets
  ADD COLUMN follower_ids          text[] NOT NULL DEFAULT '{}',  -- reporters of duplicates merged into it
  ADD COLUMN duplicate_candidates  uuid[] NOT NULL DEFAULT '{}',  -- suspected originals, for the dispatcher
  ADD COLUMN returned_from         text,                          -- the status a returned ticket left
  ADD COLUMN return_reason         text,
  ADD COLUMN return_count          integer NOT NULL DEFAULT 0,
  ADD COLUMN reopen_count          integer NOT NULL DEFAULT 0,
  ADD COLUMN extension_until       timestamptz,                   -- a pending extension request
  ADD COLUMN extension_reason      text,
  ADD COLUMN extension_requested_by text;

-- Duplicate candidates are open tickets of one category near a point.
CREATE INDEX tickets_open_category_place ON tickets (category, lat, lon)
  WHERE status IN ('received', 'assigned', 'accepted', 'whistled', 'returned', 'reopened');
CREATE INDEX tickets_followers ON tickets USING gin (follower_ids);

-- 吹哨报到: each department called to a ticket, its report-in deadline, and what it did.
CREATE TABLE ticket_departments (
  ticket_id   uuid NOT NULL REFERENCES tickets(id),
  dept_id     text NOT NULL REFERENCES departments(id),
  called_at   timestamptz NOT NULL,
  called_by   text NOT NULL,
  report_by   timestamptz NOT NULL,
  reported_at timestamptz,
  finished_at timestamptz,
  released_at timestamptz,
  PRIMARY KEY (ticket_id, dept_id)
);
CREATE INDEX ticket_departments_dept ON ticket_departments (dept_id) WHERE reported_at IS NULL;

-- The current rating of each reporter (the ticket's own and those of merged duplicates).
CREATE TABLE ticket_ratings (
  ticket_id uuid NOT NULL REFERENCES tickets(id),
  user_id   text NOT NULL REFERENCES users(id),
  rating    text NOT NULL CHECK (rating IN ('good', 'neutral', 'bad')),
  comment   text,
  rated_at  timestamptz NOT NULL,
  PRIMARY KEY (ticket_id, user_id)
);
INSERT INTO ticket_ratings (ticket_id, user_id, rating, comment, rated_at)
  SELECT id, reporter_id, rating, rating_comment, rated_at FROM tickets WHERE rating IS NOT NULL AND reporter_id IS NOT NULL;

-- Photos, kept in the database so every node serves them and backups include them.
CREATE TABLE attachments (
  id           uuid PRIMARY KEY,
  ticket_id    uuid NOT NULL REFERENCES tickets(id),
  uploader_id  text NOT NULL REFERENCES users(id),
  content_type text NOT NULL,
  size         integer NOT NULL,
  data         bytea NOT NULL,
  created_at   timestamptz NOT NULL
);
CREATE INDEX attachments_ticket ON attachments (ticket_id);

-- Followers hear of their original ticket's progress too.
CREATE OR REPLACE FUNCTION ticket_topics(t tickets) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT topic ORDER BY topic), '{}')
  FROM unnest(ARRAY['ticket:' || t.id::text, 'center', 'grid:' || t.grid_id, 'user:' || t.reporter_id,
                    'user:' || t.assignee_id, 'user:' || t.created_by]
              || ARRAY(SELECT 'dept:' || d FROM unnest(t.dept_ids) AS d)
              || ARRAY(SELECT 'user:' || f FROM unnest(t.follower_ids) AS f)) AS topic
  WHERE topic IS NOT NULL
$$;

-- The grid's active worker with the fewest open tickets (ties by id): used at intake and on re-dispatch.
CREATE FUNCTION pick_worker(grid text) RETURNS TABLE (id text, name text) LANGUAGE sql STABLE AS $$
  SELECT u.id, u.name FROM user_grids ug JOIN users u ON u.id = ug.user_id
  WHERE ug.grid_id = grid AND u.active AND u.role = 'grid_worker'
  ORDER BY (SELECT count(*) FROM tickets o WHERE o.assignee_id = u.id
            AND o.status IN ('assigned', 'accepted', 'whistled', 'reopened')), u.id
  LIMIT 1
$$;
