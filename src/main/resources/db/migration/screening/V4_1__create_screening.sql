-- screening module: responses (FHIR QuestionnaireResponse) and their scores, safety alerts and their steps,
-- documented follow-up of positive screens, licensed questionnaire wording, and the practice's screening program.

CREATE TABLE screening_response (
    practice_id  UUID         NOT NULL,
    id           UUID         NOT NULL,
    patient_id   UUID         NOT NULL,
    encounter_id UUID,
    sitting_id   UUID,
    instrument   VARCHAR(40)  NOT NULL,
    status       VARCHAR(20)  NOT NULL, -- completed | in-progress (incomplete: no total, never a guessed one)
    mode         VARCHAR(20)  NOT NULL, -- staff | self | api
    language     VARCHAR(10)  NOT NULL,
    total        INTEGER,
    band         VARCHAR(40),
    positive     BOOLEAN,
    risk         VARCHAR(20),
    authored_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    authored_on  DATE         NOT NULL, -- in the practice's time zone
    recorded_by  VARCHAR(200) NOT NULL,
    raw_json     TEXT         NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);

CREATE INDEX screening_response_by_patient ON screening_response (practice_id, patient_id, authored_at);
CREATE INDEX screening_response_by_day ON screening_response (practice_id, authored_on);

CREATE TABLE safety_alert (
    practice_id            UUID         NOT NULL,
    id                     UUID         NOT NULL,
    patient_id             UUID         NOT NULL,
    response_id            UUID         NOT NULL,
    encounter_id           UUID,
    instrument             VARCHAR(40)  NOT NULL,
    rules                  VARCHAR(300) NOT NULL,
    acute                  BOOLEAN      NOT NULL,
    notify_account_id      UUID, -- the PCP of the visit (or the patient's PCP)
    status                 VARCHAR(20)  NOT NULL, -- active | acknowledged | closed
    raised_at              TIMESTAMP WITH TIME ZONE NOT NULL,
    escalated_at           TIMESTAMP WITH TIME ZONE,
    acknowledged_by        UUID,
    acknowledged_by_name   VARCHAR(200),
    acknowledged_at        TIMESTAMP WITH TIME ZONE,
    risk_level             VARCHAR(20), -- low | moderate | high | imminent
    plan                   TEXT,
    safety_plan_given      BOOLEAN,
    crisis_resources_given BOOLEAN,
    assessed_by            UUID,
    assessed_by_name       VARCHAR(200),
    closed_at              TIMESTAMP WITH TIME ZONE,
    version                INTEGER      NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id),
    FOREIGN KEY (practice_id, response_id) REFERENCES screening_response (practice_id, id)
);

CREATE INDEX safety_alert_by_status ON safety_alert (practice_id, status, raised_at);
CREATE INDEX safety_alert_by_patient ON safety_alert (practice_id, patient_id, raised_at);

CREATE TABLE safety_alert_step (
    practice_id UUID         NOT NULL,
    alert_id    UUID         NOT NULL,
    seq         INTEGER      NOT NULL,
    step        VARCHAR(20)  NOT NULL, -- raised | escalated | acknowledged | assessed | closed
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    by_name     VARCHAR(200) NOT NULL,
    detail      VARCHAR(1000),
    PRIMARY KEY (practice_id, alert_id, seq),
    FOREIGN KEY (practice_id, alert_id) REFERENCES safety_alert (practice_id, id)
);

CREATE TABLE screening_followup (
    practice_id   UUID         NOT NULL,
    id            UUID         NOT NULL,
    response_id   UUID         NOT NULL,
    patient_id    UUID         NOT NULL,
    kind          VARCHAR(40)  NOT NULL,
    note          VARCHAR(2000),
    documented_on DATE         NOT NULL,
    documented_at TIMESTAMP WITH TIME ZONE NOT NULL,
    documented_by VARCHAR(200) NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, response_id) REFERENCES screening_response (practice_id, id)
);

CREATE INDEX screening_followup_by_response ON screening_followup (practice_id, response_id);

CREATE TABLE screening_questionnaire (
    practice_id UUID         NOT NULL REFERENCES practice (id),
    id          VARCHAR(40)  NOT NULL,
    version     INTEGER      NOT NULL,
    raw_json    TEXT         NOT NULL,
    imported_by VARCHAR(200) NOT NULL,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (practice_id, id)
);

CREATE TABLE screening_settings (
    practice_id             UUID    NOT NULL REFERENCES practice (id),
    audit_c_men             INTEGER NOT NULL,
    audit_c_women           INTEGER NOT NULL,
    pc_ptsd_5               INTEGER NOT NULL,
    epds                    INTEGER NOT NULL,
    escalation_minutes      INTEGER NOT NULL,
    followup_minutes        INTEGER NOT NULL, -- BHC minutes one positive screen's follow-up needs
    bhc_hours_per_week      NUMERIC(6, 1) NOT NULL,
    version                 INTEGER NOT NULL,
    PRIMARY KEY (practice_id)
);

CREATE TABLE screening_escalation_contact (
    practice_id UUID    NOT NULL REFERENCES practice (id),
    account_id  UUID    NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (practice_id, account_id)
);

CREATE TABLE screening_program_rule (
    practice_id     UUID        NOT NULL REFERENCES practice (id),
    id              UUID        NOT NULL,
    instrument      VARCHAR(40) NOT NULL,
    min_age         INTEGER     NOT NULL,
    max_age         INTEGER,
    interval_months INTEGER     NOT NULL,
    population      VARCHAR(20) NOT NULL, -- all | perinatal
    on_positive     VARCHAR(40) NOT NULL, -- warm-handoff | registry-enrolment | pcp-follow-up
    position        INTEGER     NOT NULL,
    PRIMARY KEY (practice_id, id)
);
