-- Webhook subscriptions and their outbox: one row per (subscription, ticket event), written in the
-- transaction of the event, delivered by whichever node claims it.
CREATE TABLE webhooks (
  id         uuid PRIMARY KEY,
  url        text NOT NULL,
  events     text[] NOT NULL,          -- event types, or {*} for all
  secret     text NOT NULL,            -- the HMAC key; never shown again
  account_id text REFERENCES users(id), -- only the tickets this account filed (tickets.created_by)
  created_at timestamptz NOT NULL,
  created_by text NOT NULL
);

CREATE TABLE webhook_deliveries (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id   uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  ticket_id    uuid NOT NULL REFERENCES tickets(id),
  seq          integer NOT NULL,
  type         text NOT NULL,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts     integer NOT NULL DEFAULT 0,
  last_status  integer,                -- the receiver's last HTTP status; null: no answer
  last_error   text,
  due_at       timestamptz NOT NULL DEFAULT now(),
  leased_until timestamptz,            -- claimed by a node until then; afterwards due again
  claimed_by   text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  sent_at      timestamptz,
  UNIQUE (webhook_id, ticket_id, seq)  -- also the order in which a ticket's deliveries go
);

-- what the delivery verticles poll
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_at) WHERE status = 'pending';
-- the deliveries listing, newest first
CREATE INDEX webhook_deliveries_listing ON webhook_deliveries (webhook_id, created_at DESC, id);
