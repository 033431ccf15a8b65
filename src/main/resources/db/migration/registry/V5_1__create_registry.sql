-- registry module: episodes of behavioral health care (FHIR EpisodeOfCare) and their steps, time and contacts,
-- treatment changes, the queue of new results to review, home measurement links, psychiatric case review
-- (requests, reviews, recommendations and the PCP's answer) and the practice's registry settings.

CREATE TABLE registry_episode (
    practice_id              UUID          NOT NULL,
    id                       UUID          NOT NULL,
    patient_id               UUID          NOT NULL,
    focus                    VARCHAR(20)   NOT NULL, -- depression | anxiety | substance-use | other
    status                   VARCHAR(30)   NOT NULL, -- referred | enrolled | active | relapse-prevention | discharged
    discharge_reason         VARCHAR(40),
    care_manager_id          UUID,
    pcp_id                   UUID,
    consultant_id            UUID,
    referred_on              DATE          NOT NULL,
    enrolled_on              DATE,
    active_since             DATE,
    relapse_prevention_since DATE,
    discharged_on            DATE,
    source_response_id       UUID,         -- the screening response that led to enrolment, if any
    source_alert_id          UUID,         -- the safety alert that led to enrolment, if any
    consent_on               DATE,         -- documented consent to collaborative care (required before billing)
    consent_method           VARCHAR(20),  -- verbal | written
    consent_recorded_by      VARCHAR(200),
    billing_model            VARCHAR(30)   NOT NULL, -- cocm | general-bhi | bh-care-management
    medicare                 BOOLEAN       NOT NULL,
    instruments              VARCHAR(200)  NOT NULL, -- comma-separated instrument ids measured in this episode
    active_cadence_days      INTEGER       NOT NULL,
    relapse_cadence_days     INTEGER       NOT NULL,
    home_measurement         BOOLEAN       NOT NULL,
    home_email               VARCHAR(200),
    home_phone               VARCHAR(40),
    relapse_prevention_plan  TEXT,
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    version                  INTEGER       NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);

CREATE INDEX registry_episode_by_patient ON registry_episode (practice_id, patient_id);
CREATE INDEX registry_episode_by_care_manager ON registry_episode (practice_id, care_manager_id, status);

-- Every change of an episode, never updated or deleted.
CREATE TABLE registry_episode_step (
    practice_id  UUID          NOT NULL,
    id           UUID          NOT NULL,
    episode_id   UUID          NOT NULL,
    step         VARCHAR(30)   NOT NULL, -- a status, or consent | assigned | plan
    effective_on DATE          NOT NULL,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    by_name      VARCHAR(200)  NOT NULL,
    note         VARCHAR(2000),
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, episode_id) REFERENCES registry_episode (practice_id, id)
);

CREATE INDEX registry_episode_step_by_episode ON registry_episode_step (practice_id, episode_id, at);

-- Time spent on a patient's behavioral health care (contacts with the patient and time without them).
CREATE TABLE registry_time_entry (
    practice_id    UUID          NOT NULL,
    id             UUID          NOT NULL,
    episode_id     UUID          NOT NULL,
    patient_id     UUID          NOT NULL,
    started_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    minutes        INTEGER       NOT NULL,
    mode           VARCHAR(20)   NOT NULL, -- phone | in-person | video | message | none (no patient contact)
    activity       VARCHAR(40)   NOT NULL,
    clinician_role VARCHAR(30)   NOT NULL, -- care-manager | pcp | psychiatric-consultant
    account_id     UUID,
    recorded_by    VARCHAR(200)  NOT NULL,
    note           TEXT,
    response_id    UUID,         -- a measurement taken during the contact
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, episode_id) REFERENCES registry_episode (practice_id, id)
);

CREATE INDEX registry_time_entry_by_episode ON registry_time_entry (practice_id, episode_id, started_at);
CREATE INDEX registry_time_entry_by_time ON registry_time_entry (practice_id, started_at);

CREATE TABLE registry_treatment_change (
    practice_id UUID          NOT NULL,
    id          UUID          NOT NULL,
    episode_id  UUID          NOT NULL,
    changed_on  DATE          NOT NULL,
    kind        VARCHAR(30)   NOT NULL, -- medication-start | medication-change | medication-stop | therapy | referral | other
    description VARCHAR(2000) NOT NULL,
    recorded_by VARCHAR(200)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, episode_id) REFERENCES registry_episode (practice_id, id)
);

CREATE INDEX registry_treatment_change_by_episode ON registry_treatment_change (practice_id, episode_id, changed_on);

-- New results of patients with an open episode, until the care manager has reviewed them.
CREATE TABLE registry_result (
    practice_id UUID          NOT NULL,
    response_id UUID          NOT NULL,
    patient_id  UUID          NOT NULL,
    instrument  VARCHAR(40)   NOT NULL,
    total       INTEGER,
    positive    BOOLEAN,
    safety      BOOLEAN       NOT NULL, -- a safety rule fired on this response
    mode        VARCHAR(20)   NOT NULL, -- staff | self | api | home
    authored_at TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    reviewed_at TIMESTAMP WITH TIME ZONE,
    reviewed_by VARCHAR(200),
    PRIMARY KEY (practice_id, response_id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);

CREATE INDEX registry_result_unreviewed ON registry_result (practice_id, reviewed_at, received_at);
CREATE INDEX registry_result_by_patient ON registry_result (practice_id, patient_id);

-- Single-use links for measurement at home. Only a SHA-256 hash of the token is stored.
CREATE TABLE registry_home_link (
    practice_id UUID          NOT NULL,
    id          UUID          NOT NULL,
    episode_id  UUID          NOT NULL,
    patient_id  UUID          NOT NULL,
    token_hash  VARCHAR(64)   NOT NULL,
    instruments VARCHAR(200)  NOT NULL,
    channel     VARCHAR(10)   NOT NULL, -- email | sms
    status      VARCHAR(20)   NOT NULL, -- sent | failed | used | expired | revoked
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP WITH TIME ZONE,
    failure     VARCHAR(1000),
    created_by  VARCHAR(200)  NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, episode_id) REFERENCES registry_episode (practice_id, id)
);

CREATE UNIQUE INDEX registry_home_link_by_token ON registry_home_link (token_hash);
CREATE INDEX registry_home_link_by_episode ON registry_home_link (practice_id, episode_id, created_at);

-- The care manager asks the psychiatric consultant to discuss a patient.
CREATE TABLE registry_review_request (
    practice_id  UUID          NOT NULL,
    id           UUID          NOT NULL,
    episode_id   UUID          NOT NULL,
    reason       VARCHAR(2000) NOT NULL,
    status       VARCHAR(20)   NOT NULL, -- open | discussed | withdrawn
    requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
    requested_by VARCHAR(200)  NOT NULL,
    closed_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, episode_id) REFERENCES registry_episode (practice_id, id)
);

CREATE INDEX registry_review_request_open ON registry_review_request (practice_id, status);

CREATE TABLE registry_case_review (
    practice_id   UUID          NOT NULL,
    id            UUID          NOT NULL,
    episode_id    UUID          NOT NULL,
    reviewed_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    reviewed_on   DATE          NOT NULL,
    consultant_id UUID,
    consultant    VARCHAR(200)  NOT NULL,
    summary       TEXT,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, episode_id) REFERENCES registry_episode (practice_id, id)
);

CREATE INDEX registry_case_review_by_episode ON registry_case_review (practice_id, episode_id, reviewed_at);

CREATE TABLE registry_recommendation (
    practice_id   UUID          NOT NULL,
    id            UUID          NOT NULL,
    episode_id    UUID          NOT NULL,
    review_id     UUID          NOT NULL,
    patient_id    UUID          NOT NULL,
    kind          VARCHAR(20)   NOT NULL, -- medication | therapy | referral | diagnosis | other
    text          VARCHAR(4000) NOT NULL,
    pcp_id        UUID,         -- whose inbox it goes to
    status        VARCHAR(20)   NOT NULL, -- pending | accepted | modified | declined
    response_text VARCHAR(4000), -- the PCP's modification or reason for declining
    responded_at  TIMESTAMP WITH TIME ZONE,
    responded_by  VARCHAR(200),
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(200)  NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, review_id) REFERENCES registry_case_review (practice_id, id)
);

CREATE INDEX registry_recommendation_inbox ON registry_recommendation (practice_id, pcp_id, status);
CREATE INDEX registry_recommendation_by_episode ON registry_recommendation (practice_id, episode_id);

CREATE TABLE registry_settings (
    practice_id        UUID         NOT NULL,
    billing_setting    VARCHAR(20)  NOT NULL, -- office | fqhc | rhc
    link_expiry_hours  INTEGER      NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by         VARCHAR(200) NOT NULL,
    PRIMARY KEY (practice_id)
);
