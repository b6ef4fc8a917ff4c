-- A staff account's consecutive failed sign-ins and the lockout they earned, kept on the account's row so
-- that every node agrees (limits.signIn). A right password clears all three.
ALTER TABLE users
  ADD COLUMN failed_sign_ins        int NOT NULL DEFAULT 0,
  ADD COLUMN last_failed_sign_in_at timestamptz,
  ADD COLUMN locked_until           timestamptz;
