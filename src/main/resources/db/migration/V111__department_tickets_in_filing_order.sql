-- A department's tickets in filing order (docs/performance.md, "10^6 again on a quiet machine"): a
-- staff member's listing found every ticket ever called to the department through the GIN index on
-- tickets.dept_ids and sorted them for the newest page, reading the department's whole history. Each
-- call of a department now carries its ticket's filing time, indexed by department and that time, so
-- the listing walks the department's own tickets newest first and stops at a page.
ALTER TABLE ticket_departments ADD COLUMN filed_at timestamptz;
UPDATE ticket_departments d SET filed_at = t.created_at FROM tickets t WHERE t.id = d.ticket_id;
ALTER TABLE ticket_departments ALTER COLUMN filed_at SET NOT NULL;

-- whoever calls a department (the whistle, an import, a bench's fill) need not know: the ticket's own time
CREATE FUNCTION ticket_departments_filed_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.filed_at := (SELECT created_at FROM tickets WHERE id = NEW.ticket_id);
  RETURN NEW;
END
$$;
CREATE TRIGGER ticket_departments_filed_at BEFORE INSERT ON ticket_departments
  FOR EACH ROW EXECUTE FUNCTION ticket_departments_filed_at();

CREATE INDEX ticket_departments_dept_filed ON ticket_departments (dept_id, filed_at DESC, ticket_id DESC);
