-- Search (GET /tickets?q=): by number (its unique index), by the whole phone, by its last four
-- digits, and by words of the description or address. The words are found through the text's
-- two-character pieces (bigrams) in a GIN index, then checked with LIKE on the few rows that have
-- them all: Chinese has no spaces between words, and pg_trgm, with the database's C locale, keeps
-- only ASCII letters and digits, so it cannot index Chinese text (docs/performance.md).

CREATE FUNCTION search_grams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT g), '{}')
  FROM (SELECT lower(substr(t, i, 2)) AS g FROM generate_series(1, length(t) - 1) AS i) AS x
  WHERE g !~ '\s'
$$;

ALTER TABLE tickets
  ADD COLUMN search_grams text[] GENERATED ALWAYS AS (search_grams(coalesce(description, '') || ' ' || coalesce(address, ''))) STORED,
  ADD COLUMN phone_last4  text GENERATED ALWAYS AS (right(contact_phone, 4)) STORED;

CREATE INDEX tickets_search_grams ON tickets USING gin (search_grams);
CREATE INDEX tickets_phone_last4 ON tickets (phone_last4, created_at DESC, id DESC) WHERE phone_last4 IS NOT NULL;
CREATE INDEX tickets_phone ON tickets (contact_phone, created_at DESC, id DESC) WHERE contact_phone IS NOT NULL;
