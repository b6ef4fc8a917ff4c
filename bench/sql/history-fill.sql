-- Years of history for bench/history: defines bench.fill_day(day, n, now, first), which writes the n
-- tickets filed on one day (numbered from first) with everything a real ticket leaves behind as of
-- now: its timeline (created, assigned, seen, accepted, comments, departments called in and reporting,
-- deadline warnings, resolved, rated, closed: 6 to 12 events, only those already past), its rating,
-- its photos' metadata (a small placeholder body), its clocks (done, or running for the open ones) and
-- the departments called to it. One day is one transaction, so the timeline's stream positions (tx)
-- grow with time as they do in service. Load with psql -v ON_ERROR_STOP=1 -f; drop with
-- DROP SCHEMA bench CASCADE.
CREATE SCHEMA IF NOT EXISTS bench;

-- The people and places the generated tickets use: grids with their worker, categories with their
-- policy, residents (the demo's and generated ones), the centre's accounts.
DROP TABLE IF EXISTS bench.grid_workers, bench.cats, bench.residents;
CREATE TABLE bench.grid_workers AS
  SELECT row_number() OVER (ORDER BY g.id) - 1 AS i, g.id AS grid_id, g.name AS grid_name,
         (SELECT u.id FROM user_grids ug JOIN users u ON u.id = ug.user_id WHERE ug.grid_id = g.id AND u.role = 'grid_worker'
          ORDER BY u.username LIMIT 1) AS worker_id,
         (SELECT u.name FROM user_grids ug JOIN users u ON u.id = ug.user_id WHERE ug.grid_id = g.id AND u.role = 'grid_worker'
          ORDER BY u.username LIMIT 1) AS worker_name
  FROM grids g;
CREATE TABLE bench.cats AS
  SELECT row_number() OVER (ORDER BY code) - 1 AS i, code, priority, coalesce(default_dept_id, 'urban') AS dept,
         (sla->>'respondMinutes')::int AS respond_min, (sla->>'resolveMinutes')::int AS resolve_min
  FROM categories WHERE active;
-- generated residents (phones 139…); the demo's own residents come first, so they have histories too
INSERT INTO users (id, name, role, phone, created_at)
  SELECT 'bench-resident-' || g, '居民' || g, 'resident', '139' || lpad(g::text, 8, '0'), now() - interval '4 years'
  FROM generate_series(1, :residents) AS g
  ON CONFLICT DO NOTHING;
CREATE TABLE bench.residents AS
  SELECT row_number() OVER (ORDER BY (id NOT LIKE 'bench-%'), id DESC) - 1 AS i, id, phone, name
  FROM users WHERE role = 'resident';

CREATE OR REPLACE FUNCTION bench.w(k text, n bigint) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE k
    WHEN 'thing' THEN ('{路灯,井盖,垃圾桶,下水道,电梯,楼道灯,围墙,行道树,共享单车,广告牌,消防通道,水管,燃气表,健身器材,监控探头}'::text[])[1 + n % 15]
    WHEN 'problem' THEN ('{不亮了,丢失,满了没人清,堵塞返臭,故障停运,有倒塌危险,被占用,噪音扰民,漏水严重,损坏多日}'::text[])[1 + n % 10]
    WHEN 'place' THEN ('{小区东门,菜市场旁,学校门口,公交站台,地下车库,老年活动中心,社区医院对面,幼儿园后面,十字路口,河边步道}'::text[])[1 + n % 10]
    ELSE ('{三光街,东溪门路,文林巷,白塔路,玉河桥街,建国门大街,新华路,人民路,幸福路,和平街,解放路,中山路}'::text[])[1 + n % 12] END
$$;

CREATE OR REPLACE FUNCTION bench.fill_day(day timestamptz, n int, now_ timestamptz, first bigint) RETURNS void LANGUAGE plpgsql AS $fn$
DECLARE
  ngrids int := (SELECT count(*) FROM bench.grid_workers);
  ncats int := (SELECT count(*) FROM bench.cats);
  nres int := (SELECT count(*) FROM bench.residents);
  dispatcher text := (SELECT id FROM users WHERE username = 'dispatcher');
  hotline text := (SELECT id FROM users WHERE username = 'hotline');
BEGIN
  -- the day's tickets and the moments of their lives, decided by a hash of their number
  DROP TABLE IF EXISTS day_plan;
  CREATE TEMP TABLE day_plan ON COMMIT DROP AS
  SELECT x.*,
         -- when each step happened (null: not yet, or never)
         CASE WHEN x.created + x.accept_after <= now_ AND x.fate = 'normal' THEN x.created + x.accept_after END AS accepted_at,
         CASE WHEN x.created + x.resolve_after <= now_ AND x.fate = 'normal' THEN x.created + x.resolve_after END AS resolved_at2,
         CASE WHEN x.rates AND x.created + x.resolve_after + x.rate_after <= now_ AND x.fate = 'normal'
              THEN x.created + x.resolve_after + x.rate_after END AS rated_at2,
         CASE WHEN x.fate = 'normal' AND x.created + x.resolve_after + (CASE WHEN x.rates THEN x.rate_after ELSE interval '72 hours' END) <= now_
              THEN x.created + x.resolve_after + (CASE WHEN x.rates THEN x.rate_after ELSE interval '72 hours' END) END AS closed_at2
  FROM (
    SELECT g, h, h2, gw.grid_id, gw.grid_name, gw.worker_id, gw.worker_name, c.code AS category, c.priority, c.dept, c.respond_min, c.resolve_min,
           day + (h % 86400) * interval '1 second' AS created,
           CASE WHEN h % 100 < 45 THEN 'miniapp' WHEN h % 100 < 80 THEN 'hotline12345' WHEN h % 100 < 90 THEN 'window'
                WHEN h % 100 < 98 THEN 'patrol' ELSE 'open311' END AS channel,
           r.id AS reporter, r.phone AS reporter_phone, r.name AS reporter_name,
           -- 2 in 100 are merged into an earlier report, 1 in 100 cancelled; the rest are handled
           CASE WHEN (h / 7) % 100 < 2 THEN 'merged' WHEN (h / 7) % 100 < 3 THEN 'cancelled' ELSE 'normal' END AS fate,
           (5 + (h / 11) % 60) * interval '1 minute' AS seen_after,
           -- 1 in 10 answered late, 1 in 8 resolved late
           (CASE WHEN (h / 13) % 10 = 0 THEN c.respond_min * 1.5 ELSE c.respond_min * (0.1 + ((h / 17) % 80) / 100.0) END) * interval '1 minute' AS accept_after,
           (CASE WHEN (h / 19) % 8 = 0 THEN c.resolve_min * 1.3 ELSE c.resolve_min * (0.2 + ((h / 23) % 70) / 100.0) END) * interval '1 minute' AS resolve_after,
           (1 + (h / 29) % 47) * interval '1 hour' AS rate_after,
           (h / 31) % 100 < 60 AS rates,
           CASE WHEN (h / 37) % 100 < 85 THEN 'good' WHEN (h / 37) % 100 < 95 THEN 'neutral' ELSE 'bad' END AS rating,
           (h / 41) % 100 < 9 AS whistle,
           (h / 43) % 100 < 30 AS commented,
           (h / 47) % 100 < 55 AS photo
    FROM (SELECT g, (hashint8(g)::bigint & 2147483647) AS h, (hashint8(g + 1000000007)::bigint & 2147483647) AS h2
          FROM generate_series(first, first + n - 1) AS g) AS s
    JOIN bench.grid_workers gw ON gw.i = s.h % ngrids
    JOIN bench.cats c ON c.i = (s.h / 97) % ncats
    LEFT JOIN bench.residents r ON r.i = (s.h / 101) % nres
  ) AS x;

  DROP TABLE IF EXISTS day_events;
  CREATE TEMP TABLE day_events ON COMMIT DROP AS
  SELECT e.ticket_id, (row_number() OVER (PARTITION BY e.ticket_id ORDER BY e.at, e.k))::int AS seq, e.type, e.at, e.actor_id, e.actor_role, e.actor_name,
         e.data, e.topics
  FROM (
    SELECT uuid_in(md5('bench-ticket-' || p.g)::cstring) AS ticket_id, v.k, v.type, v.at, v.actor_id, v.actor_role, v.actor_name, v.data,
           ARRAY['center', 'grid:' || p.grid_id, 'ticket:' || uuid_in(md5('bench-ticket-' || p.g)::cstring)::text, 'user:' || p.worker_id]
             || CASE WHEN p.channel = 'miniapp' THEN ARRAY['user:' || p.reporter] ELSE '{}' END
             || CASE WHEN p.whistle AND p.accepted_at IS NOT NULL AND p.fate = 'normal' THEN ARRAY['dept:' || p.dept] ELSE '{}' END AS topics
    FROM day_plan p
    CROSS JOIN LATERAL (VALUES
      (1, 'created', p.created, CASE WHEN p.channel = 'miniapp' THEN p.reporter ELSE dispatcher END,
          CASE WHEN p.channel = 'miniapp' THEN 'resident' ELSE 'dispatcher' END, NULL::text,
          jsonb_build_object('channel', p.channel, 'category', p.category)),
      (2, CASE WHEN p.fate = 'merged' THEN 'merged' ELSE 'assigned' END, p.created, NULL, 'system', NULL,
          jsonb_build_object('gridId', p.grid_id, 'assigneeId', p.worker_id, 'assigneeName', p.worker_name)),
      (3, CASE WHEN p.created + p.seen_after <= now_ AND p.fate = 'normal' THEN 'seen' END, p.created + p.seen_after, p.worker_id, 'grid_worker', p.worker_name, '{}'::jsonb),
      (4, CASE WHEN p.accepted_at IS NOT NULL THEN 'accepted' END, p.accepted_at, p.worker_id, 'grid_worker', p.worker_name, '{}'::jsonb),
      (5, CASE WHEN p.commented AND p.accepted_at IS NOT NULL THEN 'comment' END, p.accepted_at + interval '20 minutes', p.worker_id, 'grid_worker', p.worker_name,
          jsonb_build_object('text', '已到现场查看，正在联系相关人员处理')),
      (6, CASE WHEN p.whistle AND p.accepted_at IS NOT NULL THEN 'whistled' END, p.accepted_at + interval '30 minutes', p.worker_id, 'grid_worker', p.worker_name,
          jsonb_build_object('deptIds', jsonb_build_array(p.dept), 'reason', '需要部门到场处置')),
      (7, CASE WHEN p.whistle AND p.accepted_at + interval '90 minutes' <= now_ THEN 'reported' END, p.accepted_at + interval '90 minutes', NULL, 'dept_staff', NULL,
          jsonb_build_object('deptId', p.dept)),
      (8, CASE WHEN p.fate = 'normal' AND p.created + p.resolve_min * interval '1 minute' * 0.8 <= coalesce(p.resolved_at2, now_)
                    AND (p.h / 19) % 8 = 0 THEN 'sla_warning' END,
          p.created + p.resolve_min * interval '1 minute' * 0.8, NULL, 'system', NULL, jsonb_build_object('clock', 'resolve')),
      (9, CASE WHEN p.fate = 'normal' AND p.created + p.resolve_min * interval '1 minute' <= coalesce(p.resolved_at2, now_)
                    AND (p.h / 19) % 8 = 0 THEN 'sla_overdue' END,
          p.created + p.resolve_min * interval '1 minute', NULL, 'system', NULL, jsonb_build_object('clock', 'resolve')),
      (10, CASE WHEN p.resolved_at2 IS NOT NULL THEN 'resolved' END, p.resolved_at2, p.worker_id, 'grid_worker', p.worker_name,
          jsonb_build_object('note', '已处理完毕，现场已恢复正常', 'photoIds',
                             CASE WHEN p.photo THEN jsonb_build_array(uuid_in(md5('bench-photo-' || p.g)::cstring)) ELSE '[]' END)),
      (11, CASE WHEN p.rated_at2 IS NOT NULL THEN 'rated' END, p.rated_at2,
          CASE WHEN p.channel = 'miniapp' THEN p.reporter ELSE dispatcher END, CASE WHEN p.channel = 'miniapp' THEN 'resident' ELSE 'dispatcher' END, NULL,
          jsonb_build_object('rating', p.rating)),
      (12, CASE WHEN p.closed_at2 IS NOT NULL THEN 'closed' WHEN p.fate = 'cancelled' THEN 'cancelled' END,
          coalesce(p.closed_at2, p.created + interval '2 hours'), NULL, 'system', NULL, '{}'::jsonb)
    ) AS v(k, type, at, actor_id, actor_role, actor_name, data)
    WHERE v.type IS NOT NULL AND v.at <= now_
  ) AS e;

  INSERT INTO tickets (id, number, kind, status, channel, category, priority, description, address, lat, lon,
                       contact_name, contact_phone, reporter_id, created_by, grid_id, assignee_id, dept_ids, external_id,
                       version, seq, respond_by, resolve_by, responded_at, resolved_at, closed_at, rating, rated_at,
                       created_at, updated_at, assignee_seen_at, seen_by, visited_at, escalation, resolution_note)
  SELECT uuid_in(md5('bench-ticket-' || p.g)::cstring), 'CX-' || to_char(p.created AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD') || '-' || lpad(p.g::text, 8, '0'),
         'issue',
         CASE WHEN p.fate <> 'normal' THEN p.fate WHEN p.closed_at2 IS NOT NULL THEN 'closed' WHEN p.resolved_at2 IS NOT NULL THEN 'resolved'
              WHEN p.whistle AND p.accepted_at IS NOT NULL THEN 'whistled' WHEN p.accepted_at IS NOT NULL THEN 'accepted' ELSE 'assigned' END,
         p.channel, p.category, p.priority,
         -- the words from a hash of their own: independent of the grid, category and fate drawn from h
         bench.w('thing', p.h2) || bench.w('problem', p.h2 / 15) || '，在' || bench.w('place', p.h2 / 150) || '，' || (1 + p.h2 % 9) || '栋附近',
         bench.w('street', p.h2 / 1500) || (1 + p.h2 / 18000 % 300) || '号',
         31.46 + ((p.h / 3) % 1000) / 100000.0, 104.74 + ((p.h / 5) % 1000) / 100000.0,
         CASE WHEN p.channel = 'patrol' THEN NULL WHEN p.channel = 'miniapp' THEN p.reporter_name ELSE '来电人' END,
         CASE WHEN p.channel = 'patrol' THEN NULL WHEN p.channel = 'miniapp' THEN p.reporter_phone ELSE '13' || lpad((p.h % 1000000000)::text, 9, '0') END,
         CASE WHEN p.channel = 'miniapp' THEN p.reporter END,
         CASE p.channel WHEN 'miniapp' THEN p.reporter WHEN 'hotline12345' THEN hotline WHEN 'open311' THEN hotline
                        WHEN 'patrol' THEN p.worker_id ELSE dispatcher END,
         p.grid_id, p.worker_id,
         CASE WHEN p.whistle AND p.accepted_at IS NOT NULL AND p.fate = 'normal' THEN ARRAY[p.dept] ELSE '{}' END,
         CASE WHEN p.channel = 'hotline12345' THEN 'HL' || p.g END,
         coalesce(s.n, 1), coalesce(s.n, 0), p.created + p.respond_min * interval '1 minute', p.created + p.resolve_min * interval '1 minute',
         p.accepted_at, p.resolved_at2, p.closed_at2,
         CASE WHEN p.rated_at2 IS NOT NULL THEN p.rating END, p.rated_at2,
         p.created, greatest(p.created, least(now_, coalesce(p.closed_at2, p.rated_at2, p.resolved_at2, p.accepted_at, p.created))),
         CASE WHEN p.created + p.seen_after <= now_ THEN p.created + p.seen_after END,
         CASE WHEN p.created + p.seen_after <= now_ THEN jsonb_build_array(jsonb_build_object('userId', p.worker_id, 'name', p.worker_name,
              'role', 'grid_worker', 'at', p.created + p.seen_after)) ELSE '[]' END,
         CASE WHEN p.rated_at2 IS NOT NULL AND p.channel <> 'miniapp' THEN p.rated_at2 END,
         CASE WHEN p.fate = 'normal' AND p.resolved_at2 IS NULL AND p.created + p.resolve_min * interval '1 minute' < now_ THEN 'overdue'
              WHEN p.fate = 'normal' AND p.resolved_at2 IS NULL AND p.created + p.resolve_min * interval '1 minute' * 0.8 < now_ THEN 'warned' END,
         CASE WHEN p.resolved_at2 IS NOT NULL THEN '已处理完毕，现场已恢复正常' END
  FROM day_plan p LEFT JOIN (SELECT ticket_id, max(seq) AS n FROM day_events GROUP BY ticket_id) AS s
    ON s.ticket_id = uuid_in(md5('bench-ticket-' || p.g)::cstring);

  -- the timeline: each step that has happened, in order
  INSERT INTO ticket_events (ticket_id, seq, type, at, actor_id, actor_role, actor_name, data, topics)
  SELECT ticket_id, seq, type, at, actor_id, actor_role, actor_name, data, topics FROM day_events ORDER BY at;

  INSERT INTO ticket_ratings (ticket_id, user_id, rater, rating, rated_at, source)
  SELECT uuid_in(md5('bench-ticket-' || p.g)::cstring), CASE WHEN p.channel = 'miniapp' THEN p.reporter ELSE dispatcher END,
         CASE WHEN p.channel = 'miniapp' THEN p.reporter ELSE 'caller' END, p.rating, p.rated_at2,
         CASE WHEN p.channel = 'miniapp' THEN 'resident' ELSE 'visit' END
  FROM day_plan p WHERE p.rated_at2 IS NOT NULL;

  INSERT INTO attachments (id, ticket_id, uploader_id, content_type, size, data, created_at)
  SELECT uuid_in(md5('bench-photo-' || p.g)::cstring), uuid_in(md5('bench-ticket-' || p.g)::cstring), p.worker_id, 'image/jpeg',
         150000 + (p.h % 250000), '\xffd8ffe000104a464946'::bytea, p.resolved_at2
  FROM day_plan p WHERE p.photo AND p.resolved_at2 IS NOT NULL;

  INSERT INTO ticket_departments (ticket_id, dept_id, called_at, called_by, report_by, reported_at, finished_at)
  SELECT uuid_in(md5('bench-ticket-' || p.g)::cstring), p.dept, p.accepted_at + interval '30 minutes', p.worker_id,
         p.accepted_at + interval '150 minutes',
         CASE WHEN p.accepted_at + interval '90 minutes' <= now_ THEN p.accepted_at + interval '90 minutes' END,
         p.resolved_at2
  FROM day_plan p WHERE p.whistle AND p.accepted_at IS NOT NULL AND p.fate = 'normal' AND p.accepted_at + interval '30 minutes' <= now_;

  -- the clocks: done once their condition was met, running for the open tickets
  INSERT INTO deadlines (ticket_id, clock, started_at, deadline_at, next_step, due_at, state)
  SELECT uuid_in(md5('bench-ticket-' || p.g)::cstring), c.clock, c.started, c.deadline,
         CASE WHEN NOT c.running THEN NULL WHEN c.clock = 'rating' THEN 'close' WHEN c.deadline < now_ THEN 'supervise'
              WHEN c.started + (c.deadline - c.started) * 0.8 < now_ THEN 'overdue' ELSE 'warn' END,
         CASE WHEN NOT c.running THEN NULL WHEN c.clock = 'rating' THEN c.deadline WHEN c.deadline < now_ THEN now_ + interval '1 hour'
              WHEN c.started + (c.deadline - c.started) * 0.8 < now_ THEN c.deadline ELSE c.started + (c.deadline - c.started) * 0.8 END,
         CASE WHEN c.running THEN 'active' ELSE 'done' END
  FROM day_plan p CROSS JOIN LATERAL (VALUES
    ('respond', p.created, p.created + p.respond_min * interval '1 minute', p.fate = 'normal' AND p.accepted_at IS NULL),
    ('resolve', p.created, p.created + p.resolve_min * interval '1 minute', p.fate = 'normal' AND p.resolved_at2 IS NULL),
    ('rating', coalesce(p.resolved_at2, p.created), coalesce(p.resolved_at2, p.created) + interval '72 hours',
               p.resolved_at2 IS NOT NULL AND p.closed_at2 IS NULL)
  ) AS c(clock, started, deadline, running)
  WHERE c.clock <> 'rating' OR p.resolved_at2 IS NOT NULL;
END
$fn$;
