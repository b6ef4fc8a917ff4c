-- A ticket's latest resolution note on its own row (docs/performance.md, 2026-11-30): Open311's list of
-- requests showed each one's note from its timeline, a look-up per request into ticket_events; for a
-- page of 1,000 requests of a month long gone from the cache that was 2,400 pages read from disk,
-- most of the time of the read. The resolve action writes it with the state from now on.
ALTER TABLE tickets ADD COLUMN resolution_note text;
UPDATE tickets t SET resolution_note = r.note
  FROM (SELECT DISTINCT ON (ticket_id) ticket_id, data->>'note' AS note FROM ticket_events
        WHERE type = 'resolved' ORDER BY ticket_id, seq DESC) r
  WHERE t.id = r.ticket_id AND r.note IS NOT NULL;
