-- handoff module (handoff core): who last changed the practice's handoff settings, and indexes for the handoffs a
-- clinician accepted or asked for.

ALTER TABLE handoff_settings ADD COLUMN updated_by VARCHAR(200);

CREATE INDEX handoff_request_by_acceptor ON handoff_request (practice_id, accepted_by, status);
CREATE INDEX handoff_request_by_requester ON handoff_request (practice_id, requested_by, requested_at);
