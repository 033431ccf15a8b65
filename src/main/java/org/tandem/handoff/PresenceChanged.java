package org.tandem.handoff;

import java.util.UUID;
import org.tandem.platform.PracticeId;

/** A clinician set their presence by hand (ids and the state code only). */
public record PresenceChanged(PracticeId practice, UUID clinician, String state) {
}
