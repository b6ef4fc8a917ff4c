-- A private category's reports are about people or households (neighbour disputes, elderly care):
-- a public Open311 feed never shows their descriptions or notes.
ALTER TABLE categories ADD COLUMN private boolean NOT NULL DEFAULT false;
