-- The PostgreSQL ceiling for intake: what one hotline report leaves in the database, committed in one
-- transaction from the client's single statement: one ticket row (every index of the real table) and
-- its "created" event. No routing, no duplicate check, no deadlines, no HTTP, no JSON.
\set g random(1, 24)
\set n random(1, 1000000000)
WITH grid AS (
  SELECT id FROM grids ORDER BY id OFFSET :g - 1 LIMIT 1
), ticket AS (
  INSERT INTO tickets (id, number, kind, status, channel, category, priority, description, lat, lon,
                       contact_name, contact_phone, created_by, grid_id, external_id, version, seq,
                       respond_by, resolve_by, created_at, updated_at, attributes)
  SELECT gen_random_uuid(), 'PGB-' || lpad(nextval('ticket_number_seq')::text, 9, '0'), 'issue', 'received',
         'hotline12345', 'garbage', 'normal', '楼道垃圾桶满了无人清运 ' || :n, 31.46 + :g * 0.0001, 104.74,
         '市民', '13800000000', (SELECT id FROM users WHERE role = 'integration' LIMIT 1), grid.id,
         'pgbench-' || gen_random_uuid(), 1, 1, now() + interval '2 hours', now() + interval '7 days', now(), now(), '{}'
  FROM grid
  RETURNING *
)
INSERT INTO ticket_events (ticket_id, seq, type, at, actor_id, actor_role, actor_name, data, topics)
SELECT id, 1, 'created', created_at, created_by, 'integration', '12345热线',
       jsonb_build_object('channel', channel, 'category', category, 'gridId', grid_id), ticket_topics(ticket.*::tickets)
FROM ticket;
