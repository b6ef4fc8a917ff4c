-- A notice may be for some grids only (停水 in two communities); the residents who reported from those
-- grids are told by message too. Such a message belongs to the notice, not to a ticket.
ALTER TABLE announcements ADD COLUMN grid_ids text[];
ALTER TABLE notifications ALTER COLUMN ticket_id DROP NOT NULL;
ALTER TABLE notifications ALTER COLUMN seq DROP NOT NULL;
ALTER TABLE notifications ADD COLUMN announcement_id bigint REFERENCES announcements(id);
ALTER TABLE notifications ADD CONSTRAINT notifications_about_something CHECK (ticket_id IS NOT NULL OR announcement_id IS NOT NULL);
CREATE UNIQUE INDEX notifications_notice_once ON notifications (announcement_id, channel, to_address) WHERE announcement_id IS NOT NULL;
