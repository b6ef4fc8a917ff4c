-- Incidents: several reports of one problem close in time and place become one ticket handled once.
-- The parent (the earliest report) carries its own id, each report joined to it carries the parent's.
ALTER TABLE tickets ADD COLUMN incident_id uuid;
CREATE INDEX tickets_incident ON tickets (incident_id) WHERE incident_id IS NOT NULL;
