-- Who changed what, when, and what it was before and after: written in the transaction of the change.
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    text NOT NULL,
  actor_role  text NOT NULL,
  actor_name  text,
  action      text NOT NULL,
  target      text NOT NULL,
  before      jsonb,
  after       jsonb
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
