-- Open311: a category's extra questions (service attributes) and a ticket's answers to them.
ALTER TABLE categories ADD COLUMN attributes jsonb NOT NULL DEFAULT '[]';
ALTER TABLE tickets ADD COLUMN attributes jsonb NOT NULL DEFAULT '{}';
