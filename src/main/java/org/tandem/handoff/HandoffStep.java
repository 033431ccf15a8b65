package org.tandem.handoff;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of a handoff's history, never changed afterwards.
 *
 * @param step requested | widened | accepted | started | escalated | completed | closed | cancelled | fallback
 * @param byName display name of who took the step ("Tandem" for the automatic widening and escalation)
 */
public record HandoffStep(UUID id, UUID handoff, String step, Instant at, String byName, String note) {
}
