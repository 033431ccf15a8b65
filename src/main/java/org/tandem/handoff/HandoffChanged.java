package org.tandem.handoff;

import java.util.UUID;
import org.tandem.platform.PracticeId;

/**
 * A handoff moved on (ids and the step code only): widened, accepted, started, escalated, completed, closed,
 * cancelled, fallback.
 */
public record HandoffChanged(PracticeId practice, UUID handoff, String step, UUID requestedBy, UUID acceptedBy) {
}
