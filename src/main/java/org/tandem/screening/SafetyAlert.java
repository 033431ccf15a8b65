package org.tandem.screening;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * A safety alert raised by a screening response. Alerts are never deleted: they go from {@code active} to
 * {@code acknowledged} (a named clinician has it) to {@code closed} (a risk assessment is documented).
 */
public record SafetyAlert(UUID id, PatientId patient, UUID response, UUID encounter, String instrument, List<String> rules,
        boolean acute, UUID notifyAccount, String status, Instant raisedAt, Instant escalatedAt, String acknowledgedBy,
        Instant acknowledgedAt, RiskAssessment assessment, String assessedBy, Instant closedAt, int version,
        List<Step> steps) {

    /** One step in an alert's history. */
    public record Step(String step, Instant at, String by, String detail) {
    }

    public boolean active() {
        return "active".equals(status);
    }

    public boolean closed() {
        return "closed".equals(status);
    }
}
