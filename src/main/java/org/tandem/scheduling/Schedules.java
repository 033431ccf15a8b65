package org.tandem.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The slots the active template generated (FHIR Schedule per clinician, Slot), and what a clinician is scheduled for. */
@Component
public class Schedules {

    /** Slots of one clinician (or all when null) overlapping [from, to), by start. */
    public List<Slot> slots(UUID clinician, Instant from, Instant to) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    public Optional<Slot> slot(UUID id) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    /** The block a clinician is scheduled for at an instant (with its appointment, if one is booked). */
    public Optional<Slot> at(UUID clinician, Instant instant) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    /** The earliest slots bookable now (free, or open access past its release) starting after an instant. */
    public List<Slot> nextBookable(Instant after, int limit) {
        throw new UnsupportedOperationException("scheduling-core");
    }
}
