-- scheduling module: weekly schedule templates of the practice's behavioral health clinicians (counseling blocks,
-- brief visits, open-access slots held for warm handoffs, admin time, huddles), the slots the active template
-- generates, and the appointments booked into them.

CREATE TABLE schedule_template (
    practice_id  UUID          NOT NULL,
    id           UUID          NOT NULL,
    name         VARCHAR(120)  NOT NULL,
    status       VARCHAR(20)   NOT NULL, -- draft | active | retired
    note         VARCHAR(2000),
    activated_on DATE,         -- first day the active template's slots start
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    version      INTEGER       NOT NULL,
    PRIMARY KEY (practice_id, id)
);

-- One recurring block of a clinician's week in a template. Times are local to the practice's time zone.
CREATE TABLE schedule_block (
    practice_id     UUID        NOT NULL,
    id              UUID        NOT NULL,
    template_id     UUID        NOT NULL,
    clinician_id    UUID        NOT NULL, -- staff account of the BHC
    weekday         INTEGER     NOT NULL, -- 1 = Monday .. 7 = Sunday (ISO)
    start_minute    INTEGER     NOT NULL, -- minutes after midnight
    minutes         INTEGER     NOT NULL,
    kind            VARCHAR(20) NOT NULL, -- counseling | brief | open-access | admin | huddle
    release_minutes INTEGER,              -- open access: released for booking this long before the start if unused
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, template_id) REFERENCES schedule_template (practice_id, id)
);

CREATE INDEX schedule_block_by_template ON schedule_block (practice_id, template_id, clinician_id, weekday);

-- A concrete occurrence of a block on a date (FHIR Slot), generated from the active template for a rolling horizon.
CREATE TABLE schedule_slot (
    practice_id    UUID        NOT NULL,
    id             UUID        NOT NULL,
    template_id    UUID        NOT NULL,
    block_id       UUID        NOT NULL,
    clinician_id   UUID        NOT NULL,
    start_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    end_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    kind           VARCHAR(20) NOT NULL,
    release_at     TIMESTAMP WITH TIME ZONE, -- open access: bookable from this instant on
    appointment_id UUID,                      -- set when booked; one appointment per slot
    version        INTEGER     NOT NULL,
    PRIMARY KEY (practice_id, id)
);

CREATE INDEX schedule_slot_by_clinician ON schedule_slot (practice_id, clinician_id, start_at);
CREATE INDEX schedule_slot_by_start ON schedule_slot (practice_id, start_at);

-- A booked visit with a behavioral health clinician (FHIR Appointment).
CREATE TABLE appointment (
    practice_id   UUID          NOT NULL,
    id            UUID          NOT NULL,
    patient_id    UUID          NOT NULL,
    clinician_id  UUID          NOT NULL,
    slot_id       UUID,
    start_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    end_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    kind          VARCHAR(20)   NOT NULL, -- the block kind it was booked into
    status        VARCHAR(20)   NOT NULL, -- booked | arrived | fulfilled | cancelled | noshow
    source        VARCHAR(30)   NOT NULL, -- return-visit | handoff-fallback | scheduled-visit | callback
    handoff_id    UUID,                   -- the warm handoff this visit replaces, if any
    reason        VARCHAR(500),
    cancel_reason VARCHAR(500),
    booked_by     VARCHAR(200)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    version       INTEGER       NOT NULL,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, patient_id) REFERENCES patient (practice_id, id)
);

CREATE INDEX appointment_by_patient ON appointment (practice_id, patient_id, start_at);
CREATE INDEX appointment_by_clinician ON appointment (practice_id, clinician_id, start_at);
