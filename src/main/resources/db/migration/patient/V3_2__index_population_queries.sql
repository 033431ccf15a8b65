-- patient module: indexes for practice-wide (population) queries. Plain CREATE INDEX, for H2 and PostgreSQL alike.
-- Encounters in a period use encounter_by_start; patients by id use the primary key.

-- Facts of one type by their main code (ClinicalFacts.withCodes, FHIR ?code=), then by effective start.
CREATE INDEX clinical_fact_by_code ON clinical_fact (practice_id, resource_type, code_system, code, effective_start);

-- Facts of one type by any of their codings; fact_id included so the look-up needs no table access.
CREATE INDEX clinical_fact_coding_by_type_code ON clinical_fact_coding (practice_id, resource_type, system, code, fact_id);

-- Practice-wide searches of one type by effective date (FHIR Observation?date=, Procedure?date=).
CREATE INDEX clinical_fact_by_type_start ON clinical_fact (practice_id, resource_type, effective_start);
