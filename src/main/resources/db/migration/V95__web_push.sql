-- Web Push: a signed-in worker's or resident's browsers that agreed to be told (RFC 8030). One row per
-- user and push endpoint; the keys are the browser's (p256dh: its P-256 public point, auth: its
-- 16-byte secret), both base64url. A push service that answers 404 or 410 for an endpoint ends its row.
CREATE TABLE push_subscriptions (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id    text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  endpoint   text NOT NULL,
  p256dh     text NOT NULL,
  auth       text NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (user_id, endpoint)
);

-- The application server's VAPID key pair (RFC 8292), made by the first node that needs it, so that
-- every node of the database signs with the key the browsers subscribed with. An operator who manages
-- keys sets DISPATCH_VAPID_PUBLIC_KEY and DISPATCH_VAPID_PRIVATE_KEY instead; then this stays empty.
CREATE TABLE vapid_keys (
  id          smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  public_key  text NOT NULL,   -- the 65-byte uncompressed point, base64url
  private_key text NOT NULL,   -- the 32-byte scalar, base64url
  created_at  timestamptz NOT NULL DEFAULT now()
);
