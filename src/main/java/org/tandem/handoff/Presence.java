package org.tandem.handoff;

import java.time.Instant;
import java.util.UUID;

/**
 * A clinician's effective presence now.
 *
 * @param until when it changes by itself (the end of the current block), or null
 */
public record Presence(UUID clinician, String name, PresenceState state, PresenceSource source, Instant since,
        Instant until) {
}
