package org.tandem.scheduling;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The practice's schedule templates: drafted and edited by a practice admin, one active at a time. Activating a
 * template regenerates the future unbooked slots from it (booked slots keep their appointments). Changes are audited.
 */
@Component
public class Templates {

    /** Templates of the caller's practice, active first, then drafts, then retired, newest first. */
    public List<ScheduleTemplate> list() {
        throw new UnsupportedOperationException("scheduling-core");
    }

    public ScheduleTemplate get(UUID id) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    public Optional<ScheduleTemplate> active() {
        throw new UnsupportedOperationException("scheduling-core");
    }

    /** A new draft, empty or as a copy of another template's blocks. */
    public ScheduleTemplate create(String name, UUID copyOf) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    /**
     * Replaces a draft's blocks (the template page and the simulation's "apply suggestion" send the whole week).
     *
     * @throws InvalidScheduleData when a block overlaps another of the same clinician, has a length outside its kind's
     *         range, or names someone who is not a BHC of the practice; nothing is changed then
     */
    public ScheduleTemplate replaceBlocks(UUID id, List<BlockInput> blocks, int version) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    /** Makes a template the active one from a date on; the previously active one is retired. */
    public ScheduleTemplate activate(UUID id, java.time.LocalDate from, int version) {
        throw new UnsupportedOperationException("scheduling-core");
    }
}
