-- Token signing keys live in the database, so nodes on different servers that share it accept each
-- other's tokens without sharing a disk. The newest unretired key signs; a retired one still verifies
-- until the tokens it signed have expired. Operators who manage keys themselves use PEM files instead.
CREATE TABLE signing_keys (
  kid          text PRIMARY KEY,
  algorithm    text NOT NULL,
  private_pem  text NOT NULL,
  public_pem   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  retired_at   timestamptz
);

-- A user's tokens carry the generation they were issued in; raising it (sign-out, deactivation, a new
-- password, another role, grid or department) ends every token issued before.
ALTER TABLE users
  ADD COLUMN token_generation integer NOT NULL DEFAULT 0,
  ADD COLUMN on_duty boolean NOT NULL DEFAULT true;
