package org.tandem.scheduling;

import java.time.Instant;
import java.util.UUID;

/** A concrete occurrence of a template block (FHIR Slot). */
public record Slot(UUID id, UUID template, UUID block, UUID clinician, Instant start, Instant end, BlockKind kind,
        Instant releaseAt, UUID appointment, SlotStatus status) {
}
