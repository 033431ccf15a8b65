package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** A change of treatment (medication, therapy, referral), marked on the trajectory chart. */
public record TreatmentChange(UUID id, UUID episode, LocalDate on, TreatmentKind kind, String description, String recordedBy,
        Instant createdAt) {
}
