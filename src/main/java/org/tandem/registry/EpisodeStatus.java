package org.tandem.registry;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where an episode is. Referred (not yet enrolled), enrolled (agreed, treatment not started), active treatment,
 * relapse prevention (after remission or response), discharged (with a reason).
 */
public enum EpisodeStatus {
    REFERRED, ENROLLED, ACTIVE, RELAPSE_PREVENTION, DISCHARGED;

    private static final Map<EpisodeStatus, Set<EpisodeStatus>> NEXT = Map.of(
            REFERRED, EnumSet.of(ENROLLED, ACTIVE, DISCHARGED),
            ENROLLED, EnumSet.of(ACTIVE, DISCHARGED),
            ACTIVE, EnumSet.of(RELAPSE_PREVENTION, DISCHARGED),
            RELAPSE_PREVENTION, EnumSet.of(ACTIVE, DISCHARGED),
            DISCHARGED, EnumSet.noneOf(EpisodeStatus.class));

    public boolean canMoveTo(EpisodeStatus next) {
        return NEXT.get(this).contains(next);
    }

    public Set<EpisodeStatus> next() {
        return NEXT.get(this);
    }

    /** On the caseload: enrolled, active or in relapse prevention. */
    public boolean onCaseload() {
        return this == ENROLLED || this == ACTIVE || this == RELAPSE_PREVENTION;
    }

    public boolean open() {
        return this != DISCHARGED;
    }

    /** The FHIR EpisodeOfCare status: planned, active, finished. */
    public String fhirStatus() {
        return switch (this) {
            case REFERRED -> "planned";
            case ENROLLED, ACTIVE, RELAPSE_PREVENTION -> "active";
            case DISCHARGED -> "finished";
        };
    }

    public String code() {
        return Codes.of(this);
    }

    public static EpisodeStatus of(String code) {
        return Codes.parse(EpisodeStatus.class, code, "Status");
    }
}
