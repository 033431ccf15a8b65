-- The order in which the consultant wrote the recommendations of one case review (they share its time).
ALTER TABLE registry_recommendation ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
