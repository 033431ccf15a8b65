package org.tandem.handoff;

import java.util.UUID;
import org.tandem.platform.PracticeId;

/** A warm handoff was requested (ids only). */
public record HandoffRequested(PracticeId practice, UUID handoff, UUID requestedBy) {
}
