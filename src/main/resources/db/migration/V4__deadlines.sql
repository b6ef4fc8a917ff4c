-- Deadlines that never slip: one row per running clock of a ticket, with the next escalation step
-- and when it is due. Any node fires due rows (claimed with FOR UPDATE SKIP LOCKED); the step's
-- effect and the row's advance commit together, so each step happens exactly once.

CREATE TABLE deadlines (
  id          bigserial PRIMARY KEY,
  ticket_id   uuid NOT NULL REFERENCES tickets(id),
  clock       text NOT NULL CHECK (clock IN ('respond', 'report_in', 'resolve', 'rating')),
  dept_id     text NOT NULL DEFAULT '',            -- the department of a report-in clock
  started_at  timestamptz NOT NULL,
  deadline_at timestamptz NOT NULL,
  working     boolean NOT NULL DEFAULT false,       -- counts working time, not calendar time
  next_step   text,                                 -- warn, overdue, supervise, notify, close
  due_at      timestamptz,                          -- when next_step fires
  state       text NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'paused', 'done')),
  paused_at   timestamptz,
  UNIQUE (ticket_id, clock, dept_id)
);
-- the firing query reads only this: due, active rows, earliest first
CREATE INDEX deadlines_due ON deadlines (due_at) WHERE state = 'active';

ALTER TABLE tickets
  ADD COLUMN escalation text CHECK (escalation IN ('warned', 'overdue', 'supervised', 'notified')),
  ADD COLUMN on_hold    boolean NOT NULL DEFAULT false,
  ADD COLUMN held_at    timestamptz;
CREATE INDEX tickets_escalation ON tickets (escalation) WHERE escalation IS NOT NULL;
