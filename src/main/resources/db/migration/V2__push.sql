-- Live push: every event names the topics it is delivered to, a single feeder streams events in
-- commit-safe order, and policy notices are kept.

-- The topics a ticket's events go to, from the ticket as it stands.
CREATE FUNCTION ticket_topics(t tickets) RETURNS text[] LANGUAGE sql STABLE AS $$
  SELECT coalesce(array_agg(DISTINCT topic ORDER BY topic), '{}')
  FROM unnest(ARRAY['ticket:' || t.id::text, 'center', 'grid:' || t.grid_id, 'user:' || t.reporter_id,
                    'user:' || t.assignee_id, 'user:' || t.created_by]
              || ARRAY(SELECT 'dept:' || d FROM unnest(t.dept_ids) AS d)) AS topic
  WHERE topic IS NOT NULL
$$;

ALTER TABLE ticket_events ADD COLUMN topics text[] NOT NULL DEFAULT '{}';
UPDATE ticket_events e SET topics = ticket_topics(t) FROM tickets t WHERE t.id = e.ticket_id;
CREATE INDEX ticket_events_topics ON ticket_events USING gin (topics);

-- Where the cluster's feeder has got to in the event stream, so a new leader carries on from there.
CREATE TABLE push_feed (
  id       integer PRIMARY KEY CHECK (id = 1),
  tx       xid8 NOT NULL,
  event_id bigint NOT NULL
);

CREATE TABLE announcements (
  id         bigserial PRIMARY KEY,
  title      text NOT NULL,
  body       text NOT NULL,
  author_id  text NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX announcements_created ON announcements (created_at DESC);
