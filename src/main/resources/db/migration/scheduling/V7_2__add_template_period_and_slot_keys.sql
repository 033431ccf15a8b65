-- scheduling core: the last day (exclusive) a superseded template still generates slots, one slot per block and
-- start (generation is idempotent: the daily job, start-up and activation may meet), and appointments by slot.

-- An active template has no end; activating another from a date ends every earlier template at that date, so each
-- day of the practice's calendar is governed by exactly one template: [activated_on, effective_until).
ALTER TABLE schedule_template ADD COLUMN effective_until DATE;

CREATE UNIQUE INDEX schedule_slot_by_block_start ON schedule_slot (practice_id, block_id, start_at);

CREATE INDEX appointment_by_slot ON appointment (practice_id, slot_id);
