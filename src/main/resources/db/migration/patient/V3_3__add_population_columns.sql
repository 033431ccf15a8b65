-- patient module: the fields population features (eCQMs) read, as columns filled at save time from the resource, so a
-- population is read without parsing raw JSON. Rows stored before this migration have population_fields NULL and are
-- read from their raw JSON instead (PopulationRecords), so they keep working.

ALTER TABLE patient ADD COLUMN deceased BOOLEAN;
ALTER TABLE patient ADD COLUMN deceased_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE patient ADD COLUMN population_fields INTEGER;

-- Codings are stored as "system|code" separated by a tab.
ALTER TABLE encounter ADD COLUMN type_codings VARCHAR(4000);
ALTER TABLE encounter ADD COLUMN discharge_codings VARCHAR(2000);
ALTER TABLE encounter ADD COLUMN population_fields INTEGER;

ALTER TABLE clinical_fact ADD COLUMN codings VARCHAR(4000);
ALTER TABLE clinical_fact ADD COLUMN value_codings VARCHAR(2000);
ALTER TABLE clinical_fact ADD COLUMN category_codings VARCHAR(2000);
ALTER TABLE clinical_fact ADD COLUMN clinical_status VARCHAR(1000);
ALTER TABLE clinical_fact ADD COLUMN verification_status VARCHAR(1000);
ALTER TABLE clinical_fact ADD COLUMN not_done_reasons VARCHAR(2000);
ALTER TABLE clinical_fact ADD COLUMN intent VARCHAR(40);
ALTER TABLE clinical_fact ADD COLUMN do_not_perform BOOLEAN;
ALTER TABLE clinical_fact ADD COLUMN issued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE clinical_fact ADD COLUMN date_only BOOLEAN;
ALTER TABLE clinical_fact ADD COLUMN population_fields INTEGER;
