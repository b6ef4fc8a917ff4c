-- A ticket's latest resolution note on its own row (docs/performance.md, 2026-11-30): Open311's list of
-- requests showed each one's note from its timeline, a look-up per request into ticket_events; for a
-- page of 1,000 requests of a month long gone from the cache that was 2,400 pages read from disk,
-- most of the time of the read. The resolve action writes it with the state from now on. Tickets
-- resolved before are not rewritten here (at 10^6 tickets that took eight minutes of start-up: every
-- index of every resolved ticket written again); their note is still read from the timeline.
ALTER TABLE tickets ADD COLUMN IF NOT EXISTS resolution_note text;
