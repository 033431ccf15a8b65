package org.tandem.privacy;

import java.time.Instant;
import java.util.UUID;

/** A recorded audit event, as shown on the access-history page. */
public record AuditRecord(long seq, Instant occurredAt, String actorName, String actorKind, String actorRole,
        AuditAction action, String channel, String sourceAddress, UUID patientId, String resourceType,
        String resourceId, AuditOutcome outcome, String detail) {
}
