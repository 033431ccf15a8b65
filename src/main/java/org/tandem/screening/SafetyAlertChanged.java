package org.tandem.screening;

import java.util.UUID;
import org.tandem.platform.PracticeId;

/** An alert was escalated, acknowledged or closed. */
public record SafetyAlertChanged(PracticeId practice, UUID alert, String step) {
}
