package org.tandem.patient;

import java.math.BigDecimal;
import java.time.Instant;

/** A stored clinical fact. */
public record ClinicalFact(String resourceType, String id, PatientId patient, String codeSystem, String code,
        String codeDisplay, String status, Instant effectiveStart, Instant effectiveEnd, BigDecimal valueQuantity,
        String valueUnit, String valueCodeSystem, String valueCode, String valueText, int version, String rawJson) {
}
