package org.tandem.screening;

import java.time.Instant;
import java.util.UUID;
import org.tandem.patient.PatientId;
import org.tandem.platform.PracticeId;

/**
 * A response was stored (complete or not). Carries ids, codes and the score only.
 *
 * @param total the total score, null when incomplete
 * @param alert the safety alert raised by this response, or null
 * @param mode who entered the answers: staff, self, home or api
 */
public record ScreeningCompleted(PracticeId practice, UUID response, PatientId patient, String instrument,
        boolean complete, Boolean positive, Integer total, UUID alert, String mode, Instant authoredAt) {
}
