-- Ratings from every channel. A ticket's caller with no resident account (hotline, window, Open311)
-- rates through the centre's return visit (回访) or through the integration that filed it (the 12345
-- system's own 回访); a supervisor's review (差评复核) may set a bad rating aside as unreasonable.

-- Each rating belongs to a rater: a resident's id, or 'caller' for the caller of a ticket with no
-- resident account, however their rating reached us. user_id stays who recorded it.
ALTER TABLE ticket_ratings ADD COLUMN rater text;
UPDATE ticket_ratings SET rater = user_id;
ALTER TABLE ticket_ratings ALTER COLUMN rater SET NOT NULL;
ALTER TABLE ticket_ratings DROP CONSTRAINT ticket_ratings_pkey;
ALTER TABLE ticket_ratings ADD PRIMARY KEY (ticket_id, rater);
ALTER TABLE ticket_ratings
  ADD COLUMN source        text NOT NULL DEFAULT 'resident' CHECK (source IN ('resident', 'visit', 'integration')),
  ADD COLUMN review        text CHECK (review IN ('upheld', 'unreasonable')),
  ADD COLUMN review_reason text,
  ADD COLUMN reviewed_by   text,
  ADD COLUMN reviewed_at   timestamptz;

-- The ticket's own rating's review, and its return visits.
ALTER TABLE tickets
  ADD COLUMN rating_review        text CHECK (rating_review IN ('upheld', 'unreasonable')),
  ADD COLUMN rating_review_reason text,
  ADD COLUMN visited_at           timestamptz,  -- the caller was reached
  ADD COLUMN visit_attempts       integer NOT NULL DEFAULT 0;

-- The centre's list of tickets awaiting a visit (TicketQueries.AWAITING_VISIT).
CREATE INDEX tickets_awaiting_visit ON tickets (created_at DESC, id DESC)
  WHERE status IN ('resolved', 'closed') AND reporter_id IS NULL AND rating IS NULL AND visited_at IS NULL;
