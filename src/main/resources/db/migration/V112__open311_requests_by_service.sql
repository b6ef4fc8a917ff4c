-- Open311 requests of one service in a period (docs/performance.md, 2026-11-30): the statement walked
-- every issue of the period newest first and kept the service's (a sixteenth of them), reading about
-- 15,000 tickets for a page of 1,000 and, for a month long gone from the cache, waiting on the disk
-- for most of them. An index by the service and the filing time reads the page and no more.
CREATE INDEX tickets_service_created ON tickets ((coalesce(category, service_code)), created_at DESC, id DESC)
  WHERE kind = 'issue';
