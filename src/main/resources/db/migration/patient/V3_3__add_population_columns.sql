-- patient module: the fields population features (eCQMs) read, as columns filled at save time from the resource, so a
-- population is read without parsing raw JSON. Times are kept as the FHIR text they came as (a date without a time
-- is placed on the practice's calendar when read, a Condition onset given as an age from the birth date). Rows stored
-- before this migration have population_fields NULL and are read from their raw JSON instead (PopulationRecords).

ALTER TABLE patient ADD COLUMN deceased BOOLEAN;
ALTER TABLE patient ADD COLUMN deceased_text VARCHAR(64);
ALTER TABLE patient ADD COLUMN population_fields INTEGER;

-- Codings are stored as "system|code" separated by a tab.
ALTER TABLE encounter ADD COLUMN type_codings VARCHAR(4000);
ALTER TABLE encounter ADD COLUMN discharge_codings VARCHAR(2000);
ALTER TABLE encounter ADD COLUMN period_start_text VARCHAR(64);
ALTER TABLE encounter ADD COLUMN period_end_text VARCHAR(64);
ALTER TABLE encounter ADD COLUMN population_fields INTEGER;

ALTER TABLE clinical_fact ADD COLUMN codings VARCHAR(4000);
ALTER TABLE clinical_fact ADD COLUMN value_codings VARCHAR(2000);
ALTER TABLE clinical_fact ADD COLUMN has_value BOOLEAN;
ALTER TABLE clinical_fact ADD COLUMN category_codings VARCHAR(2000);
ALTER TABLE clinical_fact ADD COLUMN clinical_status VARCHAR(1000);
ALTER TABLE clinical_fact ADD COLUMN verification_status VARCHAR(1000);
ALTER TABLE clinical_fact ADD COLUMN not_done_reasons VARCHAR(2000);
ALTER TABLE clinical_fact ADD COLUMN intent VARCHAR(40);
ALTER TABLE clinical_fact ADD COLUMN do_not_perform BOOLEAN;
ALTER TABLE clinical_fact ADD COLUMN issued_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE clinical_fact ADD COLUMN timing_kind VARCHAR(20);
ALTER TABLE clinical_fact ADD COLUMN timing_start VARCHAR(80);
ALTER TABLE clinical_fact ADD COLUMN timing_end VARCHAR(80);
ALTER TABLE clinical_fact ADD COLUMN population_fields INTEGER;
