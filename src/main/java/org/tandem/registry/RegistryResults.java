package org.tandem.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.platform.Actor;
import org.tandem.platform.TenantJdbc;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;
import org.tandem.screening.ScreeningCompleted;

/**
 * The queue of new results not yet reviewed by the care manager. A completed screening of a patient with an open
 * episode arrives as a {@link ScreeningCompleted} module event in the transaction that stored it, so no result is
 * lost between the two modules.
 */
@Component
public class RegistryResults {

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final Clock clock;

    RegistryResults(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    /** Queues a completed result of a patient with an open episode (same transaction as the response). */
    @EventListener
    void on(ScreeningCompleted event) {
        if (!event.complete()) {
            return;
        }
        TenantJdbc.Scoped sql = jdbc.forPractice(event.practice());
        Integer open = sql.queryValue("SELECT COUNT(*) FROM registry_episode WHERE practice_id = :practiceId AND patient_id = :patient "
                + "AND status <> 'discharged'", Map.of("patient", event.patient().value()), Integer.class);
        if (open == 0) {
            return;
        }
        Map<String, Object> row = new HashMap<>();
        row.put("response", event.response());
        row.put("patient", event.patient().value());
        row.put("instrument", event.instrument());
        row.put("total", event.total());
        row.put("positive", event.positive());
        row.put("safety", event.alert() != null);
        row.put("mode", event.mode());
        row.put("authored", OffsetDateTime.ofInstant(event.authoredAt(), ZoneOffset.UTC));
        row.put("now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        sql.update("INSERT INTO registry_result (practice_id, response_id, patient_id, instrument, total, positive, safety, mode, "
                + "authored_at, received_at) VALUES (:practiceId, :response, :patient, :instrument, :total, :positive, :safety, :mode, "
                + ":authored, :now)", row);
        audit.record(AuditEntry.patient(AuditAction.CREATE, event.patient().value(), "RegistryResult", event.response().toString())
                .withDetail("queued for review: " + event.instrument() + (event.total() == null ? "" : " " + event.total())));
    }

    /**
     * Results waiting for review, oldest first (one search in the audit trail).
     *
     * @param careManager only results of this care manager's patients, or null for all
     */
    @Transactional
    public List<RegistryResult> unreviewed(UUID careManager) {
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        String select = "SELECT r.* FROM registry_result r WHERE r.practice_id = :practiceId AND r.reviewed_at IS NULL";
        Map<String, Object> params = new HashMap<>();
        if (careManager != null) {
            select += " AND EXISTS (SELECT 1 FROM registry_episode e WHERE e.practice_id = r.practice_id AND e.patient_id = r.patient_id "
                    + "AND e.status <> 'discharged' AND e.care_manager_id = :careManager)";
            params.put("careManager", careManager);
        }
        List<RegistryResult> results = sql.query(select + " ORDER BY r.safety DESC, r.received_at", params, RegistryResults::toResult);
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "RegistryResult", null, AuditOutcome.SUCCESS,
                results.size() + " unreviewed results"));
        return results;
    }

    /** A patient's queued results, newest first. */
    @Transactional
    public List<RegistryResult> of(PatientId patient) {
        TenantJdbc.Scoped sql = jdbc.current();
        policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.READ);
        List<RegistryResult> results = sql.query("SELECT * FROM registry_result WHERE practice_id = :practiceId AND patient_id = :patient "
                + "ORDER BY authored_at DESC", Map.of("patient", patient.value()), RegistryResults::toResult);
        audit.record(new AuditEntry(AuditAction.READ, patient.value(), "RegistryResult", null, AuditOutcome.SUCCESS,
                results.size() + " results"));
        return results;
    }

    /** Marks a result reviewed by the current user. Reviewing twice changes nothing. */
    @Transactional
    public RegistryResult markReviewed(UUID response) {
        TenantJdbc.Scoped sql = jdbc.current();
        RegistryResult result = sql.queryOne("SELECT * FROM registry_result WHERE practice_id = :practiceId AND response_id = :id FOR UPDATE",
                Map.of("id", response), RegistryResults::toResult)
                .orElseThrow(() -> new org.tandem.patient.PatientNotFound("Result " + response));
        Actor actor = policy.require(sql.practiceId(), result.patient().value(), DataCategory.CLINICAL, Operation.UPDATE);
        if (result.reviewed()) {
            return result;
        }
        sql.update("UPDATE registry_result SET reviewed_at = :now, reviewed_by = :by WHERE practice_id = :practiceId AND response_id = :id",
                Map.of("id", response, "by", actor.name(), "now", OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)));
        audit.record(AuditEntry.patient(AuditAction.UPDATE, result.patient().value(), "RegistryResult", response.toString())
                .withDetail("reviewed"));
        return sql.queryOne("SELECT * FROM registry_result WHERE practice_id = :practiceId AND response_id = :id",
                Map.of("id", response), RegistryResults::toResult).orElseThrow();
    }

    /** Queued results of many patients (callers have passed the access policy and audit the search). */
    static Map<PatientId, List<RegistryResult>> ofPatients(TenantJdbc.Scoped sql, List<UUID> patients) {
        Map<PatientId, List<RegistryResult>> byPatient = new HashMap<>();
        for (int start = 0; start < patients.size(); start += 500) {
            for (RegistryResult r : sql.query("SELECT * FROM registry_result WHERE practice_id = :practiceId AND patient_id IN (:ids) "
                    + "ORDER BY authored_at", Map.of("ids", patients.subList(start, Math.min(patients.size(), start + 500))),
                    RegistryResults::toResult)) {
                byPatient.computeIfAbsent(r.patient(), k -> new java.util.ArrayList<>()).add(r);
            }
        }
        return byPatient;
    }

    static RegistryResult toResult(ResultSet rs, int n) throws SQLException {
        OffsetDateTime reviewed = rs.getObject("reviewed_at", OffsetDateTime.class);
        Object total = rs.getObject("total");
        Object positive = rs.getObject("positive");
        return new RegistryResult(rs.getObject("response_id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                rs.getString("instrument"), total == null ? null : ((Number) total).intValue(), (Boolean) positive,
                rs.getBoolean("safety"), rs.getString("mode"), rs.getObject("authored_at", OffsetDateTime.class).toInstant(),
                rs.getObject("received_at", OffsetDateTime.class).toInstant(), reviewed == null ? null : reviewed.toInstant(),
                rs.getString("reviewed_by"));
    }
}
