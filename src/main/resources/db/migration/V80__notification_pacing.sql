-- A message the number already got for the same ticket a moment ago is skipped, not sent twice.
ALTER TABLE notifications DROP CONSTRAINT IF EXISTS notifications_status_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'failed', 'skipped'));
-- Pacing reads what a number was sent in the last hour, and whether this message went just now.
CREATE INDEX notifications_sent_to ON notifications (to_address, sent_at) WHERE status = 'sent';
