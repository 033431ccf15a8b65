package org.tandem.handoff;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.patient.PatientId;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.practice.StaffMember;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;

/**
 * Warm handoffs documented after the fact: handoffs that happened while Tandem was not used (downtime, paper, another
 * system) are entered with their real times so that the metrics and the demand profile count them. Each one is stored
 * closed, with the steps it went through at the times given, and audited as documented after the fact. Live handoffs
 * go through {@link Handoffs}.
 */
@Component
public class HandoffRecords {

    /**
     * A handoff that already ended.
     *
     * @param offeredCount how many clinicians were available when it was asked for (0 = nobody)
     * @param acceptedBy the BHC who took it, or null when nobody did
     * @param escalatedAt when it was escalated because nobody accepted in time, or null
     * @param minutes and {@code intervention}: required when the outcome is completed
     */
    public record PastHandoff(PatientId patient, UUID requestedBy, HandoffReason reason, Urgency urgency, String room,
            Instant requestedAt, int offeredCount, Instant escalatedAt, UUID acceptedBy, Instant acceptedAt, Instant endedAt,
            HandoffOutcome outcome, Integer minutes, BriefIntervention intervention) {
    }

    private static final String TASK = "Task";

    private final TenantJdbc jdbc;
    private final Patients patients;
    private final Practices practices;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final CurrentActor actors;
    private final Clock clock;

    HandoffRecords(TenantJdbc jdbc, Patients patients, Practices practices, AccessPolicy policy, AuditTrail audit,
            CurrentActor actors, Clock clock) {
        this.jdbc = jdbc;
        this.patients = patients;
        this.practices = practices;
        this.policy = policy;
        this.audit = audit;
        this.actors = actors;
        this.clock = clock;
    }

    /**
     * Stores a handoff that already happened.
     *
     * @return the new handoff's id
     * @throws org.springframework.security.access.AccessDeniedException when the user is not a PCP, medical assistant or
     *         BHC (system processes such as the demo loader may)
     * @throws InvalidHandoffData when the times are not in order or in the future, the requester is not a PCP or medical
     *         assistant, the acceptor not a BHC of the practice, or the outcome does not fit; nothing is stored then
     */
    @Transactional
    public UUID document(PastHandoff past) {
        Actor actor = actors.require();
        if (actor.kind() != Actor.Kind.SYSTEM && !actor.hasAnyRole(DOCUMENTERS)) {
            throw new org.springframework.security.access.AccessDeniedException(
                    "A past handoff is documented by a PCP, medical assistant or BHC of the practice");
        }
        TenantJdbc.Scoped sql = jdbc.current();
        if (past.patient() != null) {
            policy.require(sql.practiceId(), past.patient().value(), DataCategory.CLINICAL, Operation.CREATE);
        }
        Map<UUID, StaffMember> staff = new HashMap<>();
        practices.staffOf(sql.practiceId()).forEach(member -> staff.put(member.id(), member));
        List<String> problems = problems(past, staff, clock.instant());
        if (!problems.isEmpty()) {
            throw new InvalidHandoffData(problems);
        }
        UUID id = UUID.randomUUID();
        String requester = staff.get(past.requestedBy()).displayName();
        String acceptor = past.acceptedBy() == null ? null : staff.get(past.acceptedBy()).displayName();
        HandoffStatus status = past.outcome().status();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("patient", past.patient().value());
        row.put("by", past.requestedBy());
        row.put("byName", requester);
        row.put("reason", past.reason().code());
        row.put("urgency", past.urgency().code());
        row.put("room", Handoffs.blankToNull(past.room()));
        row.put("status", status.code());
        row.put("requested", Handoffs.utc(past.requestedAt()));
        row.put("widened", past.offeredCount() == 0 ? Handoffs.utc(past.requestedAt()) : null);
        row.put("escalated", past.escalatedAt() == null ? null : Handoffs.utc(past.escalatedAt()));
        row.put("offered", past.offeredCount());
        row.put("acceptedBy", past.acceptedBy());
        row.put("acceptedByName", acceptor);
        row.put("accepted", past.acceptedAt() == null ? null : Handoffs.utc(past.acceptedAt()));
        row.put("started", past.acceptedAt() == null ? null : Handoffs.utc(past.acceptedAt()));
        row.put("ended", Handoffs.utc(past.endedAt()));
        row.put("outcome", past.outcome().code());
        row.put("minutes", past.minutes());
        row.put("intervention", past.intervention() == null ? null : past.intervention().code());
        sql.update("INSERT INTO handoff_request (practice_id, id, patient_id, requested_by, requested_by_name, reason, urgency, room, "
                + "status, requested_at, widened_at, escalated_at, offered_count, accepted_by, accepted_by_name, accepted_at, started_at, "
                + "ended_at, outcome, minutes, intervention, outcome_note, updated_at, version) VALUES (:practiceId, :id, :patient, :by, "
                + ":byName, :reason, :urgency, :room, :status, :requested, :widened, :escalated, :offered, :acceptedBy, "
                + ":acceptedByName, :accepted, :started, :ended, :outcome, :minutes, :intervention, 'documented after the fact', "
                + ":ended, 0)", row);
        String documentedBy = actor.name();
        Handoffs.step(sql, id, "requested", past.requestedAt(), requester, "documented after the fact by " + documentedBy);
        if (past.offeredCount() == 0) {
            Handoffs.step(sql, id, "widened", past.requestedAt(), Handoffs.AUTOMATIC, "nobody available");
        }
        if (past.escalatedAt() != null) {
            Handoffs.step(sql, id, "escalated", past.escalatedAt(), Handoffs.AUTOMATIC, null);
        }
        if (past.acceptedBy() != null) {
            Handoffs.step(sql, id, "accepted", past.acceptedAt(), acceptor, null);
            Handoffs.step(sql, id, "started", past.acceptedAt(), acceptor, null);
        }
        Handoffs.step(sql, id, past.outcome() == HandoffOutcome.COMPLETED ? "completed" : "closed", past.endedAt(),
                acceptor == null ? requester : acceptor, past.outcome() == HandoffOutcome.COMPLETED
                        ? past.minutes() + " min, " + past.intervention().code() : past.outcome().code());
        audit.record(AuditEntry.patient(AuditAction.CREATE, past.patient().value(), TASK, id.toString())
                .withDetail("warm handoff documented after the fact: " + past.reason().code() + ", " + past.outcome().code()));
        return id;
    }

    static List<String> problems(PastHandoff past, Map<UUID, StaffMember> staff, Instant now) {
        List<String> problems = new ArrayList<>();
        if (past.patient() == null || past.reason() == null || past.urgency() == null || past.requestedAt() == null
                || past.endedAt() == null || past.outcome() == null) {
            problems.add("A handoff documented after the fact needs the patient, reason, urgency, when it was asked for, when it "
                    + "ended and how");
            return problems;
        }
        StaffMember requester = staff.get(past.requestedBy());
        if (requester == null || !(requester.roles().contains(Role.PCP) || requester.roles().contains(Role.MEDICAL_ASSISTANT))) {
            problems.add("The handoff was asked for by a PCP or medical assistant of this practice");
        }
        if (past.acceptedBy() != null) {
            StaffMember acceptor = staff.get(past.acceptedBy());
            if (acceptor == null || !acceptor.roles().contains(Role.BHC)) {
                problems.add("The clinician who took the handoff is a BHC of this practice");
            }
            if (past.acceptedAt() == null || past.acceptedAt().isBefore(past.requestedAt())
                    || past.acceptedAt().isAfter(past.endedAt())) {
                problems.add("The handoff was accepted after it was asked for and before it ended");
            }
        } else if (past.acceptedAt() != null) {
            problems.add("Say who accepted the handoff");
        }
        if (past.endedAt().isBefore(past.requestedAt()) || past.endedAt().isAfter(now)) {
            problems.add("A handoff documented after the fact ended after it was asked for and not in the future");
        }
        if (past.escalatedAt() != null && (past.escalatedAt().isBefore(past.requestedAt())
                || (past.acceptedAt() != null && past.escalatedAt().isAfter(past.acceptedAt())))) {
            problems.add("A handoff is escalated after it was asked for and before it was accepted");
        }
        if (past.offeredCount() < 0) {
            problems.add("The number of clinicians it was offered to cannot be negative");
        }
        if (past.outcome() == HandoffOutcome.COMPLETED) {
            if (past.acceptedBy() == null) {
                problems.add("A completed handoff was accepted by a BHC");
            }
            if (past.minutes() == null || past.minutes() < Handoffs.MIN_MINUTES || past.minutes() > Handoffs.MAX_MINUTES) {
                problems.add("Minutes with the patient must be between 1 and 240");
            }
            if (past.intervention() == null) {
                problems.add("Choose the brief intervention delivered");
            }
        }
        return problems;
    }

    /** Roles that may document a past handoff (with system processes such as the demo loader or an import). */
    static final Set<Role> DOCUMENTERS = Set.of(Role.PCP, Role.MEDICAL_ASSISTANT, Role.BHC);
}
