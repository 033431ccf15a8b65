package org.tandem.handoff;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tandem.patient.PatientId;

/**
 * Warm handoff requests: routed to available clinicians, then to interruptible ones; the first to accept wins
 * (a conditional update, so exactly one wins when several accept at once); escalated with fallbacks when nobody
 * accepts in time; closed with an outcome. Reads pass the access policy; every change is audited and kept as a step.
 */
@Component
public class Handoffs {

    /** @throws org.tandem.patient.InvalidPatientData when the request breaks a rule; nothing is stored then */
    public Handoff request(HandoffRequest request) {
        throw new UnsupportedOperationException("handoff-core");
    }

    public Handoff get(UUID id) {
        throw new UnsupportedOperationException("handoff-core");
    }

    /** @throws HandoffTaken when someone else accepted first or the request is no longer open */
    public Handoff accept(UUID id) {
        throw new UnsupportedOperationException("handoff-core");
    }

    /** Open requests the signed-in clinician is offered now, oldest first. */
    public List<Handoff> offeredToMe() {
        throw new UnsupportedOperationException("handoff-core");
    }

    /** Handoffs of a patient (or all of the practice when null) requested in [from, to), newest first. */
    public List<Handoff> search(PatientId patient, HandoffStatus status, Instant from, Instant to, int offset, int limit) {
        throw new UnsupportedOperationException("handoff-core");
    }
}
