package org.tandem.handoff;

import java.time.Instant;
import java.util.UUID;
import org.tandem.patient.PatientId;

/** A warm handoff and where it stands (FHIR Task). */
public record Handoff(UUID id, PatientId patient, UUID requestedBy, String requestedByName, UUID onBehalfOf,
        HandoffReason reason, Urgency urgency, String room, String note, UUID screeningResponse, HandoffStatus status,
        Instant requestedAt, Instant widenedAt, Instant escalatedAt, int offeredCount, UUID acceptedBy,
        String acceptedByName, Instant acceptedAt, Instant startedAt, Instant endedAt, HandoffOutcome outcome,
        Integer minutes, String intervention, Fallback fallback, UUID appointment, String outcomeNote,
        Instant updatedAt, int version) {

    public boolean escalated() {
        return escalatedAt != null;
    }
}
