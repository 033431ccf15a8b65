package org.tandem.privacy;

import static org.tandem.platform.Role.BHC;
import static org.tandem.platform.Role.CARE_MANAGER;
import static org.tandem.platform.Role.FRONT_DESK;
import static org.tandem.platform.Role.MEDICAL_ASSISTANT;
import static org.tandem.platform.Role.PCP;
import static org.tandem.platform.Role.PRACTICE_ADMIN;
import static org.tandem.platform.Role.PSYCHIATRIC_CONSULTANT;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * The one decision point for access to patient data, used by every page, REST endpoint, FHIR operation and export.
 * Today it decides from the actor's practice and role; consent directives, sensitivity labels and break-the-glass
 * extend this class without changing its callers. A refusal is audited (in its own transaction, so it stays) and
 * raised as {@link AccessDeniedException}.
 */
@Component
public class AccessPolicy {

    private static final Set<Role> ALL_PRACTICE_ROLES = EnumSet.of(PCP, BHC, CARE_MANAGER, PSYCHIATRIC_CONSULTANT,
            MEDICAL_ASSISTANT, FRONT_DESK, PRACTICE_ADMIN);
    private static final Set<Role> CLINICIANS = EnumSet.of(PCP, BHC, CARE_MANAGER, PSYCHIATRIC_CONSULTANT, MEDICAL_ASSISTANT);

    /** Who may read (or search) each category. */
    private static final Map<DataCategory, Set<Role>> READERS = Map.of(
            DataCategory.DEMOGRAPHICS, ALL_PRACTICE_ROLES,
            DataCategory.ENCOUNTERS, ALL_PRACTICE_ROLES,
            DataCategory.CLINICAL, CLINICIANS,
            DataCategory.ACCESS_HISTORY, EnumSet.of(PRACTICE_ADMIN));

    /** Who may create or change each category. */
    private static final Map<DataCategory, Set<Role>> WRITERS = Map.of(
            DataCategory.DEMOGRAPHICS, EnumSet.of(PCP, BHC, CARE_MANAGER, MEDICAL_ASSISTANT, FRONT_DESK, PRACTICE_ADMIN),
            DataCategory.ENCOUNTERS, EnumSet.of(PCP, BHC, CARE_MANAGER, PSYCHIATRIC_CONSULTANT, MEDICAL_ASSISTANT, FRONT_DESK),
            DataCategory.CLINICAL, CLINICIANS,
            DataCategory.ACCESS_HISTORY, EnumSet.noneOf(Role.class));

    private final CurrentActor actors;
    private final AuditTrail audit;

    AccessPolicy(CurrentActor actors, AuditTrail audit) {
        this.actors = actors;
        this.audit = audit;
    }

    /** Whether the current actor may do this to this patient's data in this practice (no audit, for showing links). */
    public boolean permits(PracticeId patientPractice, DataCategory category, Operation operation) {
        return actors.find().map(actor -> decide(actor, patientPractice, null, category, operation) == null).orElse(false);
    }

    /**
     * Why the current actor may not do this to the practice's data of this category, or empty when they may (no audit:
     * a bulk export uses it to leave out, and report, the categories it withholds).
     */
    public java.util.Optional<String> refusal(PracticeId patientPractice, DataCategory category, Operation operation) {
        return actors.find().map(actor -> java.util.Optional.ofNullable(decide(actor, patientPractice, null, category, operation)))
                .orElse(java.util.Optional.of("Nobody is signed in"));
    }

    /**
     * Requires that the current actor may do this to one patient's data; audits and throws if not.
     *
     * @param patientPractice the practice the patient belongs to
     * @param patientId the patient, or null for a search across the practice's patients
     */
    public Actor require(PracticeId patientPractice, UUID patientId, DataCategory category, Operation operation) {
        Actor actor = actors.require();
        String refusal = decide(actor, patientPractice, patientId, category, operation);
        if (refusal != null) {
            audit.recordIndependently(actor, new AuditEntry(operation.auditAction(), patientId,
                    category.name(), null, AuditOutcome.DENIED, refusal));
            throw new AccessDeniedException(refusal);
        }
        return actor;
    }

    /** Requires that the current actor may search patients' data of this category in their own practice. */
    public Actor requireSearch(DataCategory category) {
        Actor actor = actors.require();
        return require(actor.practice().orElse(PracticeId.PLATFORM), null, category, Operation.SEARCH);
    }

    /**
     * Requires that the current actor works in a practice in one of the given roles, for reads of counts that hold no
     * patient data (the demand profile, handoff metrics); the counts are then read from the actor's own practice.
     * A refusal is audited like any other.
     */
    public Actor requireStaff(Set<Role> roles) {
        Actor actor = actors.require();
        String refusal = null;
        if (actor.practice().isEmpty()) {
            refusal = "Support-organization staff see de-identified aggregates only, not a practice's own counts";
        } else if (actor.kind() == Actor.Kind.PATIENT) {
            refusal = "A patient answering through a link sees no practice counts";
        } else if (!actor.hasAnyRole(roles)) {
            refusal = "Role " + actor.roles() + " may not read these practice counts";
        }
        if (refusal != null) {
            audit.recordIndependently(actor, new AuditEntry(AuditAction.SEARCH, null, "PracticeCounts", null,
                    AuditOutcome.DENIED, refusal));
            throw new AccessDeniedException(refusal);
        }
        return actor;
    }

    /**
     * Requires a practice administrator or a system process (the start-up loader, the command line), for writes of
     * shared knowledge content that holds no patient data (ValueSets, Measures, Libraries). A refusal is audited.
     */
    public Actor requireContentAuthor(String resourceType) {
        Actor actor = actors.require();
        if (actor.kind() == Actor.Kind.SYSTEM || (actor.kind() != Actor.Kind.PATIENT && actor.hasRole(PRACTICE_ADMIN))) {
            return actor;
        }
        String refusal = "Only a practice administrator may load " + resourceType + " resources";
        audit.recordIndependently(actor, new AuditEntry(AuditAction.CREATE, null, resourceType, null, AuditOutcome.DENIED, refusal));
        throw new AccessDeniedException(refusal);
    }

    /** {@link #requireStaff(Set)} for any practice role. */
    public Actor requireStaff() {
        return requireStaff(ALL_PRACTICE_ROLES);
    }

    /** Why the actor may not do this, or null when they may. {@code patientId} is null for searches and page links. */
    static String decide(Actor actor, PracticeId patientPractice, UUID patientId, DataCategory category, Operation operation) {
        if (actor.practice().isEmpty()) {
            return "Support-organization staff see de-identified aggregates only, not patient records";
        }
        if (!actor.practiceId().equals(patientPractice)) {
            return "The patient belongs to another practice";
        }
        if (actor.kind() == Actor.Kind.PATIENT) {
            return decideForPatient(actor, patientId, category, operation);
        }
        Set<Role> allowed = switch (operation) {
            case READ, SEARCH, EXPORT -> READERS.get(category);
            case CREATE, UPDATE -> WRITERS.get(category);
        };
        if (!actor.hasAnyRole(allowed)) {
            return "Role " + actor.roles() + " may not " + operation.name().toLowerCase() + " " + category.name().toLowerCase().replace('_', ' ');
        }
        return null;
    }

    /**
     * A patient answering through a single-use link is not staff: they may add answers (CLINICAL, CREATE) to their own
     * record and read their own demographics (language, for the questions' wording), nothing else: no searches, no
     * other patient, no reading of clinical data.
     */
    private static String decideForPatient(Actor actor, UUID patientId, DataCategory category, Operation operation) {
        if (patientId == null || actor.patient().filter(patientId::equals).isEmpty()) {
            return "A patient answering through a link may only add to their own record";
        }
        boolean answering = category == DataCategory.CLINICAL && operation == Operation.CREATE;
        boolean ownDetails = category == DataCategory.DEMOGRAPHICS && operation == Operation.READ;
        if (!answering && !ownDetails) {
            return "A patient answering through a link may only answer questionnaires, not "
                    + operation.name().toLowerCase() + " " + category.name().toLowerCase().replace('_', ' ');
        }
        return null;
    }
}
