package org.tandem.registry;

import java.time.Instant;
import java.util.UUID;
import org.tandem.patient.PatientId;

/** A new result of a patient with an open episode, waiting for (or past) the care manager's review. */
public record RegistryResult(UUID response, PatientId patient, String instrument, Integer total, Boolean positive,
        boolean safety, String mode, Instant authoredAt, Instant receivedAt, Instant reviewedAt, String reviewedBy) {

    public boolean reviewed() {
        return reviewedAt != null;
    }
}
