-- measure module: FHIR knowledge artifacts (ValueSet, Measure, Library). Shared content, not patient data: no
-- practice_id. Written by practice admins over FHIR, the start-up loader and the command line.

CREATE TABLE knowledge_artifact (
    resource_type VARCHAR(20)  NOT NULL,
    id            VARCHAR(64)  NOT NULL,
    url           VARCHAR(500),
    artifact_version VARCHAR(64),
    name          VARCHAR(255),
    title         VARCHAR(500),
    status        VARCHAR(20),
    raw_json      TEXT         NOT NULL,
    version       INTEGER      NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (resource_type, id)
);

CREATE INDEX knowledge_artifact_by_url ON knowledge_artifact (resource_type, url, artifact_version);
CREATE INDEX knowledge_artifact_by_name ON knowledge_artifact (resource_type, name);

-- Every code of a stored ValueSet's expansion (or, without an expansion, of its compose.include concept lists), for
-- membership look-ups by code.
CREATE TABLE value_set_code (
    value_set_id VARCHAR(64)  NOT NULL,
    system       VARCHAR(200) NOT NULL,
    code         VARCHAR(200) NOT NULL,
    PRIMARY KEY (value_set_id, system, code)
);

CREATE INDEX value_set_code_by_code ON value_set_code (system, code);
