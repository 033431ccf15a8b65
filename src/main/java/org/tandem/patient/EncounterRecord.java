package org.tandem.patient;

import java.time.Instant;
import java.util.UUID;

/** A stored visit. */
public record EncounterRecord(UUID id, PatientId patient, String status, String classCode, String typeSystem,
        String typeCode, String typeDisplay, Instant start, Instant end, UUID clinicianAccountId,
        String clinicianReference, int version, String rawJson) {
}
