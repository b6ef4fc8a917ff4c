-- In the field: patrol reports (巡查上报), who has seen a ticket, the unseen-urgent alert and its clock,
-- the notification outbox, and replayable ticket actions (Idempotency-Key).

-- A constraint of the form CHECK (col = ANY (ARRAY[…])) gains one value, whatever values earlier
-- migrations gave it.
CREATE FUNCTION pg_temp.allow_value(tbl text, con text, val text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  def text;
BEGIN
  SELECT pg_get_constraintdef(c.oid) INTO def FROM pg_constraint c WHERE c.conname = con AND c.conrelid = tbl::regclass;
  IF def IS NULL OR position('''' || val || '''' IN def) > 0 THEN RETURN; END IF;
  EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', tbl, con);
  EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I %s', tbl, con,
                 replace(def, 'ARRAY[', 'ARRAY[' || quote_literal(val) || '::text, '));
END
$$;

-- A grid worker files what they find on patrol.
SELECT pg_temp.allow_value('tickets', 'tickets_channel_check', 'patrol');
-- The clock of an urgent ticket its assignee has not seen yet.
SELECT pg_temp.allow_value('deadlines', 'deadlines_clock_check', 'seen');

-- When the ticket reached its current assignee, when that assignee's terminal first showed it, and
-- when it was alerted as unseen. They follow the assignee: whoever changes it (intake's routing, a
-- re-dispatch), the new assignee starts unseen from that moment.
ALTER TABLE tickets
  ADD COLUMN assigned_at      timestamptz,
  ADD COLUMN assignee_seen_at timestamptz,
  ADD COLUMN unseen_alert_at  timestamptz,
  ADD COLUMN seen_by          jsonb NOT NULL DEFAULT '[]',  -- [{userId, name, role, at}]: each user's first time
  ADD COLUMN alerted_ids      text[] NOT NULL DEFAULT '{}'; -- backups told of it unseen: they may see it
UPDATE tickets SET assigned_at = updated_at WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_alerted ON tickets USING gin (alerted_ids);

CREATE FUNCTION tickets_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.assigned_at := CASE WHEN NEW.assignee_id IS NOT NULL THEN NEW.created_at END;
  ELSIF NEW.assignee_id IS DISTINCT FROM OLD.assignee_id THEN
    NEW.assigned_at := CASE WHEN NEW.assignee_id IS NOT NULL THEN NEW.updated_at END;
    NEW.assignee_seen_at := NULL;
    NEW.unseen_alert_at := NULL;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER tickets_assignment BEFORE INSERT OR UPDATE OF assignee_id ON tickets
  FOR EACH ROW EXECUTE FUNCTION tickets_assignment();

-- The timeline's "seen" events: one per user and ticket, however often a terminal says so.
CREATE UNIQUE INDEX ticket_events_seen_once ON ticket_events (ticket_id, actor_id) WHERE type = 'seen';

-- Messages to people who are not looking at a screen (SMS, WeChat…), written in the transaction of
-- the event that causes them, sent by whichever node claims them.
CREATE TABLE notifications (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id    uuid NOT NULL REFERENCES tickets(id),
  seq          integer NOT NULL,                 -- the event that caused it
  channel      text NOT NULL,                    -- sms
  recipient_id text REFERENCES users(id),
  to_address   text NOT NULL,                    -- a phone number; shown masked
  template     text NOT NULL,
  data         jsonb NOT NULL DEFAULT '{}',
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts     integer NOT NULL DEFAULT 0,
  last_error   text,
  due_at       timestamptz NOT NULL,
  created_at   timestamptz NOT NULL,
  sent_at      timestamptz,
  UNIQUE (ticket_id, seq, channel, to_address)
);
CREATE INDEX notifications_due ON notifications (due_at) WHERE status = 'pending';
CREATE INDEX notifications_listing ON notifications (created_at DESC, id DESC);
CREATE INDEX notifications_ticket ON notifications (ticket_id, created_at DESC, id DESC);

-- A ticket action sent with an Idempotency-Key: its replay answers the first answer.
CREATE TABLE action_keys (
  actor_id   text NOT NULL,
  key        text NOT NULL,
  ticket_id  uuid NOT NULL REFERENCES tickets(id),
  action     text NOT NULL,
  answer     jsonb,                               -- the ticket as the first attempt committed it
  created_at timestamptz NOT NULL,
  PRIMARY KEY (actor_id, key)
);
CREATE INDEX action_keys_created ON action_keys (created_at);
