-- A grid set is replaced whole (PUT /admin/grids, the subdistrict import). A grid left out of the new set
-- stays as an inactive row, never deleted: tickets filed in it keep their grid_id (a foreign key) and its
-- name, while routing, GET /grids and new assignments see only active grids.
ALTER TABLE grids ADD COLUMN active boolean NOT NULL DEFAULT true;

-- A grid's backup workers (AB岗): who takes its tickets when none of its own workers is on duty.
CREATE TABLE grid_backups (
  grid_id text REFERENCES grids(id),
  user_id text REFERENCES users(id),
  PRIMARY KEY (grid_id, user_id)
);
CREATE INDEX grid_backups_user ON grid_backups (user_id);
