package org.tandem.demo;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.tandem.patient.AdministrativeSex;

/**
 * One generated patient of the demo panel with their visits and problem list.
 *
 * @param pcp index of the assigned PCP in the practice's roster of PCPs
 */
record SyntheticPatient(UUID id, String mrn, String familyName, String givenNames, LocalDate birthDate,
        AdministrativeSex sex, String preferredLanguage, int pcp, List<Visit> visits, List<Condition> conditions) {

    /** An office visit with the patient's PCP. */
    record Visit(UUID id, VisitCode code, Instant start, Instant end) {
    }

    /** An active problem-list entry, diagnosed on {@code onset}. */
    record Condition(String id, Diagnosis diagnosis, LocalDate onset) {
    }
}
