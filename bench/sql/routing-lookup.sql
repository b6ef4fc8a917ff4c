-- One point-to-grid lookup at a random point of the dataset's bounding box, as bench/routing runs it:
--   pgbench -M prepared -D x0=WEST -D y0=SOUTH -D x1=EAST -D y1=NORTH, search_path set to the dataset.
\set x :x0 + random(0, 999999999) * (:x1 - :x0) / 1000000000.0
\set y :y0 + random(0, 999999999) * (:y1 - :y0) / 1000000000.0
SELECT id FROM grids WHERE ST_Contains(geom, ST_SetSRID(ST_MakePoint(:x, :y), 4326)) LIMIT 1;
