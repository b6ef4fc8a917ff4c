-- Fixed windows of the abuse limits that must hold across nodes (by account, place): a counter per
-- key ("<limit>:<key>"), its uses in the current window, and when that window began. A row whose window
-- has ended counts as absent and may be deleted at any time.
CREATE TABLE rate_windows (
  key            text PRIMARY KEY,
  window_start   timestamptz NOT NULL,
  window_seconds int NOT NULL,
  uses           int NOT NULL
);
