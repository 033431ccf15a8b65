package org.tandem.handoff;

import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Presence of the practice's behavioral health clinicians. A state set by hand holds until the clinician's next
 * scheduled block starts; otherwise the schedule decides (open access, admin time or an unbooked slot: available; a
 * booked counseling or brief visit: with a patient, interruptible or not by the practice's norm; a huddle: in a
 * group; no block: off).
 */
@Component
public class Availability {

    /** Every BHC of the caller's practice with their presence now, available first. */
    public List<Presence> board() {
        throw new UnsupportedOperationException("handoff-core");
    }

    public Presence of(UUID clinician) {
        throw new UnsupportedOperationException("handoff-core");
    }

    /** The signed-in clinician sets their own presence (one tap). */
    public Presence set(PresenceState state) {
        throw new UnsupportedOperationException("handoff-core");
    }
}
