package org.tandem.privacy;

import java.util.UUID;

/**
 * One thing to record in the audit trail; who, when, from where and through which interface are added by
 * {@link AuditTrail}.
 */
public record AuditEntry(AuditAction action, UUID patientId, String resourceType, String resourceId,
        AuditOutcome outcome, String detail) {

    public static AuditEntry patient(AuditAction action, UUID patientId, String resourceType, String resourceId) {
        return new AuditEntry(action, patientId, resourceType, resourceId, AuditOutcome.SUCCESS, null);
    }

    public AuditEntry withDetail(String newDetail) {
        return new AuditEntry(action, patientId, resourceType, resourceId, outcome, newDetail);
    }
}
