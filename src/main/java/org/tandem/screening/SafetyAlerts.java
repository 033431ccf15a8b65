package org.tandem.screening;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientNotFound;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Safety alerts: raised with the response that fired them, acknowledged by a named clinician, closed only with a
 * documented risk assessment, escalated when nobody acknowledges them in time. Every step is audited and kept.
 */
@Component
public class SafetyAlerts {

    /** Status filter for {@link #search} and {@link #count}: every alert not closed (active or acknowledged). */
    public static final String OPEN = "open";

    /** Roles that may acknowledge an alert and document the risk assessment. */
    static final EnumSet<Role> RESPONDERS = EnumSet.of(Role.PCP, Role.BHC, Role.CARE_MANAGER, Role.PSYCHIATRIC_CONSULTANT);

    private final TenantJdbc jdbc;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final CurrentActor actors;
    private final Practices practices;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SafetyAlerts(TenantJdbc jdbc, AccessPolicy policy, AuditTrail audit, CurrentActor actors, Practices practices,
            ApplicationEventPublisher events, Clock clock) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.audit = audit;
        this.actors = actors;
        this.practices = practices;
        this.events = events;
        this.clock = clock;
    }

    /** Stores a new active alert in the caller's transaction (called by {@link Screenings#submit}). */
    static UUID raise(TenantJdbc.Scoped sql, AuditTrail audit, Clock clock, Actor actor, UUID response, PatientId patient,
            UUID encounter, String instrument, List<SafetySignal> signals, UUID notify) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("patient", patient.value());
        row.put("response", response);
        row.put("encounter", encounter);
        row.put("instrument", instrument);
        row.put("rules", String.join(",", signals.stream().map(SafetySignal::rule).distinct().toList()));
        row.put("acute", signals.stream().anyMatch(SafetySignal::acute));
        row.put("notify", notify);
        row.put("now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        sql.update("INSERT INTO safety_alert (practice_id, id, patient_id, response_id, encounter_id, instrument, rules, acute, "
                + "notify_account_id, status, raised_at, version) VALUES (:practiceId, :id, :patient, :response, :encounter, "
                + ":instrument, :rules, :acute, :notify, 'active', :now, 1)", row);
        step(sql, id, "raised", now, actor.name(), (String) row.get("rules"));
        audit.record(actor, AuditEntry.patient(AuditAction.CREATE, patient.value(), "Flag", id.toString())
                .withDetail("safety alert raised: " + row.get("rules")));
        return id;
    }

    /** Alerts of the practice that are not closed, oldest first. */
    @Transactional
    public List<SafetyAlert> open() {
        policy.requireSearch(DataCategory.CLINICAL);
        TenantJdbc.Scoped sql = jdbc.current();
        List<SafetyAlert> alerts = sql.query("SELECT * FROM safety_alert WHERE practice_id = :practiceId AND status <> 'closed' "
                + "ORDER BY raised_at", Map.of(), (rs, n) -> toAlert(rs, List.of()));
        auditList(alerts);
        return alerts;
    }

    /** Alerts by patient and/or status (active, acknowledged, closed, or {@link #OPEN}), newest first; for FHIR Flag search. */
    @Transactional
    public List<SafetyAlert> search(PatientId patient, String status, int offset, int limit) {
        TenantJdbc.Scoped sql = jdbc.current();
        if (patient != null) {
            policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.READ);
        } else {
            policy.requireSearch(DataCategory.CLINICAL);
        }
        Map<String, Object> params = new HashMap<>();
        String where = where(patient, status, params);
        params.put("offset", offset);
        params.put("limit", limit);
        List<SafetyAlert> alerts = sql.query("SELECT * FROM safety_alert WHERE " + where + " ORDER BY raised_at DESC, id "
                + "LIMIT :limit OFFSET :offset", params, (rs, n) -> toAlert(rs, List.of()));
        auditList(alerts);
        return alerts;
    }

    /**
     * The practice's alerts closed in [from, to), oldest first, without their steps, for the reach dashboard.
     * Recorded as one search in the audit trail.
     */
    @Transactional
    public List<SafetyAlert> closedBetween(Instant from, Instant to) {
        policy.requireSearch(DataCategory.CLINICAL);
        List<SafetyAlert> alerts = jdbc.current().query("SELECT * FROM safety_alert WHERE practice_id = :practiceId "
                + "AND status = 'closed' AND closed_at >= :from AND closed_at < :to ORDER BY closed_at, id",
                Map.of("from", OffsetDateTime.ofInstant(from, ZoneOffset.UTC), "to", OffsetDateTime.ofInstant(to, ZoneOffset.UTC)),
                (rs, n) -> toAlert(rs, List.of()));
        audit.record(new AuditEntry(AuditAction.SEARCH, null, "Flag", null, org.tandem.privacy.AuditOutcome.SUCCESS,
                alerts.size() + " safety alerts closed between " + from + " and " + to));
        return alerts;
    }

    /**
     * Number of alerts matching a search (for FHIR Bundle.total and the open-alert count in the navigation); a count
     * for one patient passes the access policy like reading that patient's alerts.
     */
    @Transactional(readOnly = true)
    public int count(PatientId patient, String status) {
        TenantJdbc.Scoped sql = jdbc.current();
        if (patient != null) {
            policy.require(sql.practiceId(), patient.value(), DataCategory.CLINICAL, Operation.READ);
        }
        Map<String, Object> params = new HashMap<>();
        return sql.queryValue("SELECT COUNT(*) FROM safety_alert WHERE " + where(patient, status, params), params, Integer.class);
    }

    /** The WHERE clause (and its parameters) of an alert search by patient and status. */
    private static String where(PatientId patient, String status, Map<String, Object> params) {
        StringBuilder where = new StringBuilder("practice_id = :practiceId");
        if (patient != null) {
            where.append(" AND patient_id = :patient");
            params.put("patient", patient.value());
        }
        if (OPEN.equals(status)) {
            where.append(" AND status <> 'closed'");
        } else if (status != null) {
            where.append(" AND status = :status");
            params.put("status", status);
        }
        return where.toString();
    }

    /** A patient's alerts, newest first. */
    @Transactional
    public List<SafetyAlert> of(PatientId patient) {
        return search(patient, null, 0, 1000);
    }

    /** One alert with its steps. */
    @Transactional
    public SafetyAlert get(UUID id) {
        TenantJdbc.Scoped sql = jdbc.current();
        SafetyAlert alert = load(sql, id).orElseThrow(() -> new PatientNotFound("Flag " + id));
        policy.require(sql.practiceId(), alert.patient().value(), DataCategory.CLINICAL, Operation.READ);
        audit.record(AuditEntry.patient(AuditAction.READ, alert.patient().value(), "Flag", id.toString()));
        return alert;
    }

    /**
     * The current clinician takes the alert: it stops escalating and shows who has it.
     *
     * @throws AlertConflict when it was already acknowledged or closed (the message says by whom)
     */
    @Transactional
    public SafetyAlert acknowledge(UUID id) {
        Actor actor = requireResponder();
        TenantJdbc.Scoped sql = jdbc.current();
        SafetyAlert alert = lockForUpdate(sql, id);
        policy.require(sql.practiceId(), alert.patient().value(), DataCategory.CLINICAL, Operation.UPDATE);
        if (!alert.active()) {
            throw new AlertConflict("This alert was already acknowledged by " + alert.acknowledgedBy());
        }
        Instant now = clock.instant();
        String name = displayName(actor);
        sql.update("UPDATE safety_alert SET status = 'acknowledged', acknowledged_by = :by, acknowledged_by_name = :name, "
                + "acknowledged_at = :now, version = version + 1 WHERE practice_id = :practiceId AND id = :id",
                Map.of("id", id, "by", UUID.fromString(actor.id()), "name", name, "now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
        step(sql, id, "acknowledged", now, name, null);
        audit.record(AuditEntry.patient(AuditAction.UPDATE, alert.patient().value(), "Flag", id.toString()).withDetail("acknowledged"));
        events.publishEvent(new SafetyAlertChanged(sql.practiceId(), id, "acknowledged"));
        return load(sql, id).orElseThrow();
    }

    /**
     * Documents the risk assessment and closes the alert (acknowledging it first if nobody has).
     *
     * @throws InvalidResponse when the assessment is incomplete; nothing changes then
     * @throws AlertConflict when the alert is already closed
     */
    @Transactional
    public SafetyAlert close(UUID id, RiskAssessment assessment) {
        Actor actor = requireResponder();
        List<String> problems = assessment == null ? List.of("Document the risk assessment") : assessment.problems();
        if (!problems.isEmpty()) {
            throw new InvalidResponse(problems);
        }
        TenantJdbc.Scoped sql = jdbc.current();
        SafetyAlert alert = lockForUpdate(sql, id);
        policy.require(sql.practiceId(), alert.patient().value(), DataCategory.CLINICAL, Operation.UPDATE);
        if (alert.closed()) {
            throw new AlertConflict("This alert was already closed by " + alert.assessedBy());
        }
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, ZoneOffset.UTC);
        String name = displayName(actor);
        UUID account = UUID.fromString(actor.id());
        if (alert.active()) {
            sql.update("UPDATE safety_alert SET acknowledged_by = :by, acknowledged_by_name = :name, acknowledged_at = :now "
                    + "WHERE practice_id = :practiceId AND id = :id", Map.of("id", id, "by", account, "name", name, "now", at));
            step(sql, id, "acknowledged", now, name, null);
        }
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        params.put("level", assessment.level().code());
        params.put("plan", assessment.plan().strip());
        params.put("safetyPlan", assessment.safetyPlanGiven());
        params.put("crisis", assessment.crisisResourcesGiven());
        params.put("by", account);
        params.put("name", name);
        params.put("now", at);
        sql.update("UPDATE safety_alert SET status = 'closed', risk_level = :level, plan = :plan, safety_plan_given = :safetyPlan, "
                + "crisis_resources_given = :crisis, assessed_by = :by, assessed_by_name = :name, closed_at = :now, "
                + "version = version + 1 WHERE practice_id = :practiceId AND id = :id", params);
        step(sql, id, "assessed", now, name, "risk " + assessment.level().code() + (assessment.safetyPlanGiven() ? ", safety plan given" : "")
                + (assessment.crisisResourcesGiven() ? ", crisis resources given" : ""));
        step(sql, id, "closed", now, name, null);
        audit.record(AuditEntry.patient(AuditAction.UPDATE, alert.patient().value(), "Flag", id.toString())
                .withDetail("risk assessment " + assessment.level().code() + "; closed"));
        events.publishEvent(new SafetyAlertChanged(sql.practiceId(), id, "closed"));
        return load(sql, id).orElseThrow();
    }

    /**
     * Marks alerts of the current actor's practice that nobody acknowledged within the practice's escalation time
     * as escalated; returns them. Run by {@link AlertEscalation} for every practice.
     */
    @Transactional
    public List<UUID> escalateOverdue() {
        Actor actor = actors.require();
        TenantJdbc.Scoped sql = jdbc.current();
        int minutes = ScreeningProgram.settings(sql).escalationMinutes();
        Instant now = clock.instant();
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(Duration.ofMinutes(minutes)), ZoneOffset.UTC);
        List<SafetyAlert> overdue = sql.query("SELECT * FROM safety_alert WHERE practice_id = :practiceId AND status = 'active' "
                + "AND escalated_at IS NULL AND raised_at <= :cutoff ORDER BY raised_at FOR UPDATE", Map.of("cutoff", cutoff),
                (rs, n) -> toAlert(rs, List.of()));
        List<UUID> contacts = ScreeningProgram.escalationContacts(sql);
        String to = contacts.isEmpty() ? "practice admins (no escalation list set)"
                : String.join(", ", practices.displayNames(contacts).values());
        for (SafetyAlert alert : overdue) {
            sql.update("UPDATE safety_alert SET escalated_at = :now, version = version + 1 WHERE practice_id = :practiceId AND id = :id",
                    Map.of("id", alert.id(), "now", OffsetDateTime.ofInstant(now, ZoneOffset.UTC)));
            step(sql, alert.id(), "escalated", now, actor.name(), "not acknowledged within " + minutes + " min; sent to " + to);
            audit.record(AuditEntry.patient(AuditAction.UPDATE, alert.patient().value(), "Flag", alert.id().toString())
                    .withDetail("escalated after " + minutes + " min"));
            events.publishEvent(new SafetyAlertChanged(sql.practiceId(), alert.id(), "escalated"));
        }
        return overdue.stream().map(SafetyAlert::id).toList();
    }

    private Actor requireResponder() {
        Actor actor = actors.require();
        if (actor.kind() != Actor.Kind.USER || !actor.hasAnyRole(RESPONDERS)) {
            throw new AccessDeniedException("A safety alert is acknowledged by a named clinician (PCP, BHC, care manager or "
                    + "psychiatric consultant)");
        }
        return actor;
    }

    private String displayName(Actor actor) {
        try {
            return practices.displayNames(List.of(UUID.fromString(actor.id()))).getOrDefault(UUID.fromString(actor.id()), actor.name());
        } catch (IllegalArgumentException e) {
            return actor.name();
        }
    }

    private SafetyAlert lockForUpdate(TenantJdbc.Scoped sql, UUID id) {
        sql.queryOne("SELECT id FROM safety_alert WHERE practice_id = :practiceId AND id = :id FOR UPDATE", Map.of("id", id),
                (rs, n) -> rs.getObject(1, UUID.class)).orElseThrow(() -> new PatientNotFound("Flag " + id));
        return load(sql, id).orElseThrow();
    }

    private void auditList(List<SafetyAlert> alerts) {
        audit.recordAll(alerts.stream().map(a -> AuditEntry.patient(AuditAction.READ, a.patient().value(), "Flag", a.id().toString()))
                .toList());
    }

    static Optional<SafetyAlert> load(TenantJdbc.Scoped sql, UUID id) {
        List<SafetyAlert.Step> steps = sql.query("SELECT * FROM safety_alert_step WHERE practice_id = :practiceId AND alert_id = :id "
                + "ORDER BY seq", Map.of("id", id), (rs, n) -> new SafetyAlert.Step(rs.getString("step"),
                        rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("by_name"), rs.getString("detail")));
        return sql.queryOne("SELECT * FROM safety_alert WHERE practice_id = :practiceId AND id = :id", Map.of("id", id),
                (rs, n) -> toAlert(rs, steps));
    }

    private static void step(TenantJdbc.Scoped sql, UUID alert, String step, Instant at, String by, String detail) {
        int seq = sql.queryValue("SELECT COALESCE(MAX(seq), 0) + 1 FROM safety_alert_step WHERE practice_id = :practiceId AND alert_id = :id",
                Map.of("id", alert), Integer.class);
        Map<String, Object> row = new HashMap<>();
        row.put("id", alert);
        row.put("seq", seq);
        row.put("step", step);
        row.put("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        row.put("by", by);
        row.put("detail", detail == null ? null : detail.length() > 1000 ? detail.substring(0, 1000) : detail);
        sql.update("INSERT INTO safety_alert_step (practice_id, alert_id, seq, step, at, by_name, detail) VALUES (:practiceId, :id, :seq, "
                + ":step, :at, :by, :detail)", row);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static SafetyAlert toAlert(ResultSet rs, List<SafetyAlert.Step> steps) throws SQLException {
        String level = rs.getString("risk_level");
        RiskAssessment assessment = level == null ? null : new RiskAssessment(RiskAssessment.Level.fromCode(level),
                rs.getString("plan"), rs.getBoolean("safety_plan_given"), rs.getBoolean("crisis_resources_given"));
        return new SafetyAlert(rs.getObject("id", UUID.class), new PatientId(rs.getObject("patient_id", UUID.class)),
                rs.getObject("response_id", UUID.class), rs.getObject("encounter_id", UUID.class), rs.getString("instrument"),
                Arrays.asList(rs.getString("rules").split(",")), rs.getBoolean("acute"), rs.getObject("notify_account_id", UUID.class),
                rs.getString("status"), instant(rs, "raised_at"), instant(rs, "escalated_at"), rs.getString("acknowledged_by_name"),
                instant(rs, "acknowledged_at"), assessment, rs.getString("assessed_by_name"), instant(rs, "closed_at"),
                rs.getInt("version"), steps);
    }

    /** Reason an alert step was refused because another clinician got there first. */
    public static class AlertConflict extends RuntimeException {
        public AlertConflict(String message) {
            super(message);
        }
    }
}
