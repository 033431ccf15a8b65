package org.tandem.privacy;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tandem.platform.CurrentActor;

/** {@code GET /api/patients/{patientId}/access-history}: a patient's audit events, newest first (practice admins). */
@RestController
class AccessHistoryApi {

    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final CurrentActor actors;

    AccessHistoryApi(AccessPolicy policy, AuditTrail audit, CurrentActor actors) {
        this.policy = policy;
        this.audit = audit;
        this.actors = actors;
    }

    @GetMapping("/api/patients/{patientId}/access-history")
    List<AuditRecord> history(@PathVariable UUID patientId, @RequestParam(defaultValue = "100") int limit) {
        policy.require(actors.requirePractice(), patientId, DataCategory.ACCESS_HISTORY, Operation.READ);
        List<AuditRecord> events = audit.historyOf(patientId, Math.max(1, Math.min(limit, 1000)));
        if (events.isEmpty()) {
            throw new NoHistory();
        }
        audit.record(AuditEntry.patient(AuditAction.READ, patientId, "AuditEvent", null));
        return events;
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail denied(AccessDeniedException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(NoHistory.class)
    ProblemDetail missing() {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No patient with this id in your practice has an access history");
    }

    static class NoHistory extends RuntimeException {
    }
}
