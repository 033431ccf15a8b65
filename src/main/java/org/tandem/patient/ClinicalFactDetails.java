package org.tandem.patient;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A clinical fact imported from an EHR: a Condition, Observation, Procedure, MedicationRequest, ServiceRequest or
 * Coverage, keyed by its FHIR id, with its main code, status, effective period, value and raw FHIR JSON.
 */
public record ClinicalFactDetails(String resourceType, String id, PatientId patient, String codeSystem, String code,
        String codeDisplay, List<Coding> codings, String status, Instant effectiveStart, Instant effectiveEnd,
        BigDecimal valueQuantity, String valueUnit, String valueCodeSystem, String valueCode, String valueText,
        String rawJson) {

    /** The resource types Tandem keeps as clinical facts. */
    public static final Set<String> RESOURCE_TYPES = Set.of("Condition", "Observation", "Procedure", "MedicationRequest",
            "ServiceRequest", "Coverage");

    /** One coding (system and code). */
    public record Coding(String system, String code) {
    }
}
