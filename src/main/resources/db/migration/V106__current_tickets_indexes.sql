-- Indexes that do not grow with the history (docs/performance.md#years-of-history): the tickets not
-- yet ended (being handled, or resolved and awaiting their rating) are a bounded share of years of
-- closed ones, and the listings of work in hand (a worker's queue, the centre's) read only them;
-- TicketQueries names the same condition when every status asked for is one of them.
CREATE INDEX tickets_current_created ON tickets (created_at DESC, id DESC) WHERE status <> ALL (vocabulary.ended_states());
CREATE INDEX tickets_current_grid ON tickets (grid_id) WHERE status <> ALL (vocabulary.ended_states());
CREATE INDEX tickets_current_assignee ON tickets (assignee_id) WHERE status <> ALL (vocabulary.ended_states());

-- A department's listing reads the tickets departments were called to (one in ten), newest first.
CREATE INDEX tickets_called_created ON tickets (created_at DESC, id DESC) WHERE cardinality(dept_ids) > 0;

-- Open311's updates: the timeline by time.
CREATE INDEX ticket_events_at ON ticket_events (at, id);

-- The supervision board: the running clocks, not every clock that ever ran.
CREATE INDEX deadlines_running ON deadlines (deadline_at) WHERE state IN ('active', 'paused');
