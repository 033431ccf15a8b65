-- patient module: patients, encounters and clinical facts imported from an EHR (raw FHIR JSON kept).

CREATE TABLE patient (
    practice_id        UUID         NOT NULL REFERENCES practice (id),
    id                 UUID         NOT NULL,
    mrn_system         VARCHAR(200) NOT NULL,
    mrn                VARCHAR(64)  NOT NULL,
    family_name        VARCHAR(100) NOT NULL,
    given_names        VARCHAR(200),
    search_name        VARCHAR(320) NOT NULL,
    birth_date         DATE,
    sex                VARCHAR(10)  NOT NULL,
    preferred_language VARCHAR(35),
    pcp_account_id     UUID,
    version            INTEGER      NOT NULL,
    raw_json           TEXT,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (practice_id, id),
    CONSTRAINT patient_mrn_unique UNIQUE (practice_id, mrn_system, mrn)
);

CREATE INDEX patient_by_name ON patient (practice_id, search_name);
CREATE INDEX patient_by_birth_date ON patient (practice_id, birth_date);

CREATE TABLE encounter (
    practice_id   UUID         NOT NULL,
    id            UUID         NOT NULL,
    patient_id    UUID         NOT NULL,
    status        VARCHAR(20)  NOT NULL,
    class_code    VARCHAR(20),
    type_system   VARCHAR(200),
    type_code     VARCHAR(64),
    type_display  VARCHAR(300),
    start_at      TIMESTAMP WITH TIME ZONE,
    end_at        TIMESTAMP WITH TIME ZONE,
    clinician_id  UUID,
    clinician_ref VARCHAR(200),
    version       INTEGER      NOT NULL,
    raw_json      TEXT,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);

CREATE INDEX encounter_by_patient ON encounter (practice_id, patient_id, start_at);
CREATE INDEX encounter_by_start ON encounter (practice_id, start_at);

CREATE TABLE clinical_fact (
    practice_id      UUID          NOT NULL,
    resource_type    VARCHAR(40)   NOT NULL,
    id               VARCHAR(64)   NOT NULL,
    patient_id       UUID          NOT NULL,
    code_system      VARCHAR(200),
    code             VARCHAR(64),
    code_display     VARCHAR(300),
    status           VARCHAR(40),
    effective_start  TIMESTAMP WITH TIME ZONE,
    effective_end    TIMESTAMP WITH TIME ZONE,
    value_quantity   NUMERIC(19, 6),
    value_unit       VARCHAR(64),
    value_code_system VARCHAR(200),
    value_code       VARCHAR(64),
    value_text       VARCHAR(1000),
    raw_json         TEXT          NOT NULL,
    version          INTEGER       NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (practice_id, resource_type, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);

CREATE INDEX clinical_fact_by_patient ON clinical_fact (practice_id, patient_id, resource_type);

-- Every coding of a fact's code (a resource may carry several), for value-set look-ups.
CREATE TABLE clinical_fact_coding (
    practice_id   UUID         NOT NULL,
    resource_type VARCHAR(40)  NOT NULL,
    fact_id       VARCHAR(64)  NOT NULL,
    system        VARCHAR(200) NOT NULL,
    code          VARCHAR(64)  NOT NULL,
    PRIMARY KEY (practice_id, resource_type, fact_id, system, code),
    FOREIGN KEY (practice_id, resource_type, fact_id) REFERENCES clinical_fact (practice_id, resource_type, id)
);

CREATE INDEX clinical_fact_coding_by_code ON clinical_fact_coding (practice_id, system, code);
