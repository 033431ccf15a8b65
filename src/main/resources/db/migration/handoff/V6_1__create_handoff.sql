-- handoff module: the presence of behavioral health clinicians, warm handoff requests with every step of their
-- history and their outcome, and the practice's handoff settings.

-- A clinician's presence as they set it by hand; the schedule decides when there is no manual state for the
-- current block (see Availability).
CREATE TABLE handoff_presence (
    practice_id  UUID         NOT NULL,
    clinician_id UUID         NOT NULL,
    state        VARCHAR(40)  NOT NULL, -- available | interruptible | do-not-interrupt | in-group | away | off
    set_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    set_by       VARCHAR(200) NOT NULL,
    PRIMARY KEY (practice_id, clinician_id)
);

-- Every presence change (manual), kept for the availability metrics.
CREATE TABLE handoff_presence_log (
    practice_id  UUID         NOT NULL,
    id           UUID         NOT NULL,
    clinician_id UUID         NOT NULL,
    state        VARCHAR(40)  NOT NULL,
    at           TIMESTAMP WITH TIME ZONE NOT NULL,
    set_by       VARCHAR(200) NOT NULL,
    PRIMARY KEY (practice_id, id)
);

CREATE INDEX handoff_presence_log_by_clinician ON handoff_presence_log (practice_id, clinician_id, at);

-- A warm handoff request (FHIR Task).
CREATE TABLE handoff_request (
    practice_id          UUID          NOT NULL,
    id                   UUID          NOT NULL,
    patient_id           UUID          NOT NULL,
    requested_by         UUID          NOT NULL, -- account that asked (PCP, or MA on their behalf)
    requested_by_name    VARCHAR(200)  NOT NULL,
    on_behalf_of         UUID,                   -- the PCP when an MA asked for them
    reason               VARCHAR(30)   NOT NULL, -- positive-screen | distress | substance-use | new-diagnosis | medication-question | other
    urgency              VARCHAR(20)   NOT NULL, -- now | today | next-available
    room                 VARCHAR(40),
    note                 VARCHAR(1000),
    screening_response_id UUID,
    status               VARCHAR(20)   NOT NULL, -- requested | accepted | in-progress | completed | rejected | cancelled
    requested_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    widened_at           TIMESTAMP WITH TIME ZONE, -- offered to interruptible clinicians from then on
    escalated_at         TIMESTAMP WITH TIME ZONE, -- nobody accepted in time
    offered_count        INTEGER       NOT NULL,   -- clinicians it was offered to when requested (0 = nobody available)
    accepted_by          UUID,
    accepted_by_name     VARCHAR(200),
    accepted_at          TIMESTAMP WITH TIME ZONE,
    started_at           TIMESTAMP WITH TIME ZONE,
    ended_at             TIMESTAMP WITH TIME ZONE,
    outcome              VARCHAR(30),  -- completed | declined | left | not-available | converted
    minutes              INTEGER,
    intervention         VARCHAR(40),  -- brief intervention type of a completed handoff
    fallback             VARCHAR(30),  -- next-slot | callback | scheduled-visit
    appointment_id       UUID,         -- the visit booked as fallback
    outcome_note         VARCHAR(1000),
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    version              INTEGER       NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);

CREATE INDEX handoff_request_by_status ON handoff_request (practice_id, status, requested_at);
CREATE INDEX handoff_request_by_patient ON handoff_request (practice_id, patient_id, requested_at);
CREATE INDEX handoff_request_by_time ON handoff_request (practice_id, requested_at);

-- Every step of a handoff, never updated or deleted.
CREATE TABLE handoff_step (
    practice_id UUID          NOT NULL,
    id          UUID          NOT NULL,
    handoff_id  UUID          NOT NULL,
    step        VARCHAR(30)   NOT NULL, -- requested | widened | accepted | started | escalated | completed | closed | cancelled | fallback
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    by_name     VARCHAR(200)  NOT NULL,
    note        VARCHAR(1000),
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, handoff_id) REFERENCES handoff_request (practice_id, id)
);

CREATE INDEX handoff_step_by_handoff ON handoff_step (practice_id, handoff_id, at);

CREATE TABLE handoff_settings (
    practice_id          UUID        NOT NULL,
    accept_seconds       INTEGER     NOT NULL, -- escalate when nobody accepted within this time (default 300)
    widen_seconds        INTEGER     NOT NULL, -- offer to interruptible clinicians after this time (default 60)
    counseling_norm      VARCHAR(40) NOT NULL, -- presence during a booked counseling block: interruptible | do-not-interrupt
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (practice_id)
);
