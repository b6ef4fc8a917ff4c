-- A grid worker's listings read their scope part by part in created order and merge the parts
-- (ticket/Scope.orderedParts): one part per grid through tickets_grid_created; what is assigned to
-- them outside their grids through tickets_assignee_created, whose carried grid and status let the
-- part be checked on the index alone (most of a worker's tickets are in their own grids); what a
-- backup was alerted to through tickets_alerted_created, which holds only the few alerted tickets.
CREATE INDEX tickets_assignee_created ON tickets (assignee_id, created_at DESC, id DESC) INCLUDE (grid_id, status)
  WHERE assignee_id IS NOT NULL;
CREATE INDEX tickets_alerted_created ON tickets (created_at DESC, id DESC) WHERE alerted_ids <> '{}';
