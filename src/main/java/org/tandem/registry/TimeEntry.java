package org.tandem.registry;

import java.time.Instant;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * Minutes spent on a patient's care: a contact (phone, in person, video, message) or work without the patient.
 *
 * @param response a measurement taken during the contact, if any
 */
public record TimeEntry(UUID id, UUID episode, PatientId patient, Instant startedAt, int minutes, ContactMode mode,
        Activity activity, ClinicianRole role, UUID account, String recordedBy, String note, UUID response, Instant createdAt) {

    public Instant endsAt() {
        return startedAt.plusSeconds(60L * minutes);
    }

    public boolean patientContact() {
        return mode.patientContact();
    }
}
