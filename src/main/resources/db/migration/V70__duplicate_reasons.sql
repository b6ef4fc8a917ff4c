-- Why each suspected original was flagged, in the order of duplicate_candidates: the dispatcher reads
-- it beside them ({ticketId, score, meters, hoursApart, sharedWords, sameBuilding}).
ALTER TABLE tickets ADD COLUMN duplicate_reasons jsonb NOT NULL DEFAULT '[]';
