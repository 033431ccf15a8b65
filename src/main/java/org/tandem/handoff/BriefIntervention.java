package org.tandem.handoff;

/**
 * What the behavioral health clinician did in a completed warm handoff. Tandem's own short code list (not a standard
 * value set): the kinds of brief contact a BHC typically has with a patient handed off in a primary care visit, plus
 * care coordination and other.
 */
public enum BriefIntervention {
    BRIEF_INTERVENTION("brief-intervention"),
    MOTIVATIONAL_INTERVIEWING("motivational-interviewing"),
    SAFETY_PLANNING("safety-planning"),
    PSYCHOEDUCATION("psychoeducation"),
    BEHAVIORAL_ACTIVATION("behavioral-activation"),
    PROBLEM_SOLVING("problem-solving"),
    CARE_COORDINATION("care-coordination"),
    OTHER("other");

    private final String code;

    BriefIntervention(String code) {
        this.code = code;
    }

    /** Code stored in {@code handoff_request.intervention} and shown in {@link Handoff#intervention()}. */
    public String code() {
        return code;
    }

    public static BriefIntervention ofCode(String code) {
        for (BriefIntervention intervention : values()) {
            if (intervention.code.equals(code)) {
                return intervention;
            }
        }
        throw new IllegalArgumentException("Unknown brief intervention " + code);
    }
}
