package org.tandem.screening;

import java.util.UUID;
import org.tandem.patient.PatientId;
import org.tandem.platform.PracticeId;

/** A response was stored (complete or not). Carries ids and codes only. */
public record ScreeningCompleted(PracticeId practice, UUID response, PatientId patient, String instrument,
        boolean complete, Boolean positive) {
}
