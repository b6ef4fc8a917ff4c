-- The backbone: the subdistrict's catalogues, its people, tickets and their timelines.

CREATE TABLE departments (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  name_en    text,
  phone      text
);

CREATE TABLE grids (
  id           text PRIMARY KEY,
  name         text NOT NULL,
  name_en      text,
  community    text NOT NULL,
  community_id text,
  boundary     jsonb NOT NULL,          -- GeoJSON geometry, [lon, lat]
  updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE categories (
  code            text PRIMARY KEY,
  name            text NOT NULL,
  name_en         text,
  grp             text,
  default_dept_id text REFERENCES departments(id),
  priority        text NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
  sla             jsonb NOT NULL,       -- respondMinutes, reportInMinutes, resolveMinutes, ratingWindowHours, clock
  active          boolean NOT NULL DEFAULT true
);

CREATE TABLE service_items (
  code            text PRIMARY KEY,
  name            text NOT NULL,
  name_en         text,
  dept_id         text REFERENCES departments(id),
  modes           text[] NOT NULL,
  materials       jsonb NOT NULL DEFAULT '[]',
  eligibility     text,
  time_limit_days integer NOT NULL,
  active          boolean NOT NULL DEFAULT true
);

CREATE TABLE users (
  id            text PRIMARY KEY,
  username      text UNIQUE,                -- staff sign in by username; residents by phone
  password_hash text,
  name          text NOT NULL,
  role          text NOT NULL CHECK (role IN ('resident', 'grid_worker', 'dept_staff', 'dispatcher',
                                              'supervisor', 'admin', 'integration')),
  phone         text,
  dept_id       text REFERENCES departments(id),
  api_key_hash  text UNIQUE,
  active        boolean NOT NULL DEFAULT true,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_resident_phone ON users (phone) WHERE role = 'resident';
CREATE INDEX users_role ON users (role);

CREATE TABLE user_grids (
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  grid_id text NOT NULL REFERENCES grids(id),
  PRIMARY KEY (user_id, grid_id)
);
CREATE INDEX user_grids_grid ON user_grids (grid_id);

-- One-time sign-in codes for residents, and the per-phone sending window that rate-limits them.
CREATE TABLE resident_codes (
  phone        text PRIMARY KEY,
  code_hash    text NOT NULL,
  expires_at   timestamptz NOT NULL,
  attempts     integer NOT NULL DEFAULT 0,
  window_start timestamptz NOT NULL,
  window_count integer NOT NULL DEFAULT 1
);

-- Settings the cluster agrees on, e.g. that the demo subdistrict has been loaded.
CREATE TABLE settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

CREATE SEQUENCE ticket_number_seq;

CREATE TABLE tickets (
  id              uuid PRIMARY KEY,
  number          text NOT NULL UNIQUE,
  kind            text NOT NULL CHECK (kind IN ('issue', 'service')),
  status          text NOT NULL CHECK (status IN ('received', 'assigned', 'accepted', 'whistled', 'resolved', 'closed',
                                                  'returned', 'merged', 'reopened', 'cancelled')),
  channel         text NOT NULL CHECK (channel IN ('miniapp', 'hotline12345', 'window', 'open311')),
  category        text REFERENCES categories(code),     -- null only for one-window service requests
  service_code    text REFERENCES service_items(code),
  service_mode    text,
  priority        text NOT NULL,
  description     text NOT NULL,
  address         text,
  lat             double precision,
  lon             double precision,
  contact_name    text,
  contact_phone   text,
  reporter_id     text REFERENCES users(id),   -- the resident who reported, when one did
  created_by      text NOT NULL REFERENCES users(id),
  grid_id         text REFERENCES grids(id),
  assignee_id     text REFERENCES users(id),
  dept_ids        text[] NOT NULL DEFAULT '{}', -- departments whistled in (吹哨)
  duplicate_of    uuid REFERENCES tickets(id),
  external_id     text,
  idempotency_key text,
  version         integer NOT NULL DEFAULT 1,
  seq             integer NOT NULL DEFAULT 0,   -- last timeline seq
  respond_by      timestamptz,
  resolve_by      timestamptz,
  responded_at    timestamptz,
  resolved_at     timestamptz,
  closed_at       timestamptz,
  rating          text CHECK (rating IN ('good', 'neutral', 'bad')),
  rating_comment  text,
  rated_at        timestamptz,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  CHECK (kind = 'service' OR category IS NOT NULL),
  CHECK (kind = 'issue' OR service_code IS NOT NULL)
);
CREATE UNIQUE INDEX tickets_channel_external ON tickets (channel, external_id) WHERE external_id IS NOT NULL;
CREATE UNIQUE INDEX tickets_idempotency ON tickets (created_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX tickets_created ON tickets (created_at DESC, id DESC);
CREATE INDEX tickets_grid_created ON tickets (grid_id, created_at DESC, id DESC);
CREATE INDEX tickets_assignee_open ON tickets (assignee_id, status);
CREATE INDEX tickets_reporter_created ON tickets (reporter_id, created_at DESC, id DESC);
CREATE INDEX tickets_creator_created ON tickets (created_by, created_at DESC, id DESC);
CREATE INDEX tickets_status ON tickets (status);
CREATE INDEX tickets_dept_ids ON tickets USING gin (dept_ids);

-- The timeline: every change to a ticket, in order. tx is the writing transaction, so that readers
-- can stream events in an order that never lets a late commit slip behind a reader's position.
CREATE TABLE ticket_events (
  id          bigserial PRIMARY KEY,
  ticket_id   uuid NOT NULL REFERENCES tickets(id),
  seq         integer NOT NULL,
  type        text NOT NULL,
  at          timestamptz NOT NULL,
  actor_id    text,
  actor_role  text,
  actor_name  text,
  data        jsonb NOT NULL DEFAULT '{}',
  tx          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  UNIQUE (ticket_id, seq)
);
CREATE INDEX ticket_events_stream ON ticket_events (tx, id);
