package org.tandem.screening;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * One completed (or partly completed) questionnaire to score and store.
 *
 * @param id the response id to use (FHIR clients may choose it), or null for a new one
 * @param encounter the visit it belongs to, or null
 * @param sitting groups the responses of one sitting (PHQ-2 then PHQ-9), or null
 * @param answers answers by item linkId
 * @param language the language the questions were asked in ({@code en}, {@code es})
 * @param authoredAt when it was answered, or null for now
 */
public record ScreeningSubmission(UUID id, PatientId patient, UUID encounter, UUID sitting, String instrument,
        Map<String, Answer> answers, Mode mode, String language, Instant authoredAt) {

    /** Who entered the answers. */
    public enum Mode {
        /** Staff read the questions and entered the answers. */
        STAFF,
        /** The patient answered on a tablet or phone. */
        SELF,
        /** The patient answered at home through a single-use link. */
        HOME,
        /** Another system sent the response (FHIR). */
        API;

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
