package org.tandem.scheduling;

import java.time.Instant;
import java.util.UUID;
import org.tandem.patient.PatientId;

/** A visit booked with a behavioral health clinician (FHIR Appointment). */
public record Appointment(UUID id, PatientId patient, UUID clinician, UUID slot, Instant start, Instant end,
        BlockKind kind, AppointmentStatus status, AppointmentSource source, UUID handoff, String reason,
        String cancelReason, String bookedBy, Instant createdAt, Instant updatedAt, int version) {
}
