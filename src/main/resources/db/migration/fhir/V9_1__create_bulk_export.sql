-- fhir module: FHIR Bulk Data export jobs ($export, HL7 FHIR Bulk Data Access IG v2) and the NDJSON files they wrote.
-- A job belongs to the practice that asked; its status and files are only found through that practice's scope.

CREATE TABLE bulk_export_job (
    practice_id      UUID          NOT NULL REFERENCES practice (id),
    id               UUID          NOT NULL,
    requested_by     VARCHAR(200)  NOT NULL, -- actor id (account, API client or system process)
    requested_name   VARCHAR(200)  NOT NULL,
    request_url      VARCHAR(2000) NOT NULL, -- the kick-off request, echoed in the manifest's "request"
    export_level     VARCHAR(10)   NOT NULL, -- system | patient
    resource_types   VARCHAR(1000) NOT NULL, -- comma list, in output order
    since            TIMESTAMP WITH TIME ZONE,
    status           VARCHAR(20)   NOT NULL, -- running | completed | failed | cancelled
    transaction_time TIMESTAMP WITH TIME ZONE NOT NULL, -- nothing changed after it is exported
    resources_done   BIGINT        NOT NULL,
    patients_done    BIGINT        NOT NULL,
    patients_total   BIGINT        NOT NULL,
    failure          VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at      TIMESTAMP WITH TIME ZONE,
    expires_at       TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (practice_id, id)
);

CREATE INDEX bulk_export_job_by_expiry ON bulk_export_job (practice_id, expires_at);

-- The files of a completed job: kind "output" (resources of one type) or "error" (OperationOutcomes: what the
-- access policy withheld and why).
CREATE TABLE bulk_export_file (
    practice_id   UUID         NOT NULL,
    job_id        UUID         NOT NULL,
    name          VARCHAR(100) NOT NULL,
    kind          VARCHAR(10)  NOT NULL,
    resource_type VARCHAR(40)  NOT NULL,
    line_count    BIGINT       NOT NULL,
    byte_count    BIGINT       NOT NULL,
    position      INTEGER      NOT NULL,
    PRIMARY KEY (practice_id, job_id, name),
    FOREIGN KEY (practice_id, job_id) REFERENCES bulk_export_job (practice_id, id)
);
