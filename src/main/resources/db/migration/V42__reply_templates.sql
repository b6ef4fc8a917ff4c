-- Reply templates (常用语): the words a worker or the centre uses again and again in notes and
-- resolutions, per category (or for every category), kept by the admin (PUT /admin/reply-templates/{id}).
CREATE TABLE reply_templates (
  id         text PRIMARY KEY,
  category   text REFERENCES categories(code),   -- null: offered for every category
  kind       text NOT NULL CHECK (kind IN ('note', 'resolution')),
  text       text NOT NULL,
  sort       integer NOT NULL DEFAULT 0,
  active     boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL
);
CREATE INDEX reply_templates_category ON reply_templates (category, kind, sort) WHERE active;

-- A few words any subdistrict uses; an admin changes or retires them.
INSERT INTO reply_templates (id, category, kind, text, sort, updated_at) VALUES
  ('note-contacted', NULL, 'note', '已联系反映人，正在核实情况。', 10, now()),
  ('note-onsite', NULL, 'note', '已到达现场，正在处置。', 20, now()),
  ('note-waiting-dept', NULL, 'note', '已通知相关部门，等待部门到场处置。', 30, now()),
  ('resolution-done', NULL, 'resolution', '经现场核实，问题已处理完毕，已向反映人反馈。', 10, now()),
  ('resolution-explained', NULL, 'resolution', '已向反映人解释相关政策，反映人表示理解。', 20, now());
