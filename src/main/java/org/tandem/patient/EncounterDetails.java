package org.tandem.patient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A visit as entered or received over FHIR.
 *
 * @param status FHIR Encounter.status (planned, arrived, triaged, in-progress, onleave, finished, cancelled,
 *        entered-in-error, unknown)
 * @param clinicianAccountId the Tandem staff account of the clinician, if known
 * @param clinicianReference the clinician as the source system named them (e.g. Practitioner/123)
 */
public record EncounterDetails(PatientId patient, String status, String classCode, String typeSystem, String typeCode,
        String typeDisplay, Instant start, Instant end, UUID clinicianAccountId, String clinicianReference,
        String rawJson) {

    static final Set<String> STATUSES = Set.of("planned", "arrived", "triaged", "in-progress", "onleave", "finished",
            "cancelled", "entered-in-error", "unknown");

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (patient == null) {
            problems.add("The visit must belong to a patient");
        }
        if (status == null || !STATUSES.contains(status)) {
            problems.add("Visit status must be one of " + String.join(", ", STATUSES.stream().sorted().toList()));
        }
        if (start != null && end != null && end.isBefore(start)) {
            problems.add("The visit ends before it starts");
        }
        return problems;
    }
}
