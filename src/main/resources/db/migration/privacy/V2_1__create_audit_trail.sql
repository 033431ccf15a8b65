-- privacy module: the append-only, hash-chained audit trail. One chain per practice (PracticeId.PLATFORM, the nil
-- UUID, holds events that belong to no practice). Each row's hash covers its fields and the previous row's hash.

CREATE TABLE audit_event (
    practice_id    UUID          NOT NULL,
    seq            BIGINT        NOT NULL,
    event_id       UUID          NOT NULL,
    occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id       VARCHAR(120)  NOT NULL,
    actor_name     VARCHAR(320)  NOT NULL,
    actor_kind     VARCHAR(10)   NOT NULL,
    actor_role     VARCHAR(40),
    action         VARCHAR(20)   NOT NULL,
    channel        VARCHAR(10)   NOT NULL,
    source_address VARCHAR(64),
    patient_id     UUID,
    resource_type  VARCHAR(40),
    resource_id    VARCHAR(64),
    outcome        VARCHAR(20)   NOT NULL,
    detail         VARCHAR(1000),
    prev_hash      VARCHAR(64)   NOT NULL,
    hash           VARCHAR(64)   NOT NULL,
    PRIMARY KEY (practice_id, seq),
    CONSTRAINT audit_event_id_unique UNIQUE (event_id)
);

CREATE INDEX audit_event_by_patient ON audit_event (practice_id, patient_id, seq);

CREATE TABLE audit_chain_head (
    practice_id UUID        NOT NULL PRIMARY KEY,
    last_seq    BIGINT      NOT NULL,
    last_hash   VARCHAR(64) NOT NULL
);
