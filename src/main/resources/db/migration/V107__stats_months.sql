-- The settled tickets' figures summed per month too (docs/performance.md#years-of-history): a day of a
-- subdistrict's tickets spreads over as many rows of stats_days as it has tickets' grids, categories,
-- channels and departments, so a year of days is as many rows as tickets; a period reads its whole
-- months here and only the days at its ends in stats_days. day is the month's first (UTC) day.
CREATE TABLE stats_months (LIKE stats_days INCLUDING ALL);

-- Adds (sign 1) or takes away (-1) the figures of one ticket as it now stands, if it is settled, to its
-- day and to its month: one statement for both.
CREATE OR REPLACE FUNCTION stats_apply(ticket uuid, sign int) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  figures text[] := ARRAY['received', 'open', 'resolved', 'closed', 'overdue', 'response_due', 'responded_in_time', 'resolution_due',
                          'resolved_in_time', 'good', 'neutral', 'bad', 'excluded', 'rated_resolved', 'awaiting_visit', 'returns', 'reopens'];
  target record;
BEGIN
  FOR target IN SELECT * FROM (VALUES ('stats_days', 'day'), ('stats_months', 'month')) AS x(tbl, unit) LOOP
    EXECUTE format($q$
      INSERT INTO %1$I AS s (day, grid_id, category, channel, dept_ids, %2$s)
      SELECT date_trunc(%3$L, t.created_at AT TIME ZONE 'UTC')::date, coalesce(t.grid_id, ''), coalesce(t.category, t.service_code, ''),
             t.channel, t.dept_ids, %4$s
      FROM tickets t CROSS JOIN LATERAL stats_row(t, now()) AS m
      WHERE t.id = $1 AND t.settled
      ON CONFLICT (day, grid_id, category, channel, dept_ids) DO UPDATE SET %5$s$q$,
      target.tbl, array_to_string(figures, ', '), target.unit,
      (SELECT string_agg(format('$2 * m.%I', f), ', ') FROM unnest(figures) AS f),
      (SELECT string_agg(format('%1$I = s.%1$I + excluded.%1$I', f), ', ') FROM unnest(figures) AS f))
    USING ticket, sign;
  END LOOP;
END
$$;

INSERT INTO stats_months
SELECT date_trunc('month', day)::date, grid_id, category, channel, dept_ids, sum(received), sum(open), sum(resolved), sum(closed),
       sum(overdue), sum(response_due), sum(responded_in_time), sum(resolution_due), sum(resolved_in_time), sum(good), sum(neutral),
       sum(bad), sum(excluded), sum(rated_resolved), sum(awaiting_visit), sum(returns), sum(reopens)
FROM stats_days GROUP BY 1, 2, 3, 4, 5;

-- the planner's figures for the new column and tables, before the first stats read them
ANALYZE tickets, stats_days, stats_months;
