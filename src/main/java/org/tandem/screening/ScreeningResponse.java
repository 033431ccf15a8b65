package org.tandem.screening;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * A stored response and its score.
 *
 * @param status {@code completed}, or {@code in-progress} for an incomplete response (no total)
 * @param rawJson the FHIR QuestionnaireResponse
 */
public record ScreeningResponse(UUID id, PatientId patient, UUID encounter, UUID sitting, String instrument,
        String status, String mode, String language, Integer total, String band, Boolean positive, String risk,
        Instant authoredAt, LocalDate authoredOn, String recordedBy, String rawJson) {

    public boolean complete() {
        return "completed".equals(status);
    }
}
