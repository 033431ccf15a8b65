package org.tandem.registry;

/**
 * Why a patient is on the psychiatric consultant's weekly review list.
 *
 * @param detail the care manager's reason for a request, otherwise null
 * @param flag the caseload flag with why it was raised ({@link TreatToTarget}), for the reasons that come from flags
 */
public record ReviewReason(Kind kind, String detail, TreatToTarget.Reason flag) {

    /**
     * The reasons in the order the consultant sees them: a safety signal first, then what the care manager asked to
     * discuss, then patients not improving on treatment, then new patients, then anything else the caseload flags.
     */
    public enum Kind {
        /** A new positive safety item (e.g. PHQ-9 item 9). */
        SAFETY,
        /** The care manager asked to discuss the patient. */
        REQUESTED,
        /**
         * Not improved at week 8-12 (less than a 50% drop and still 10 or more): psychiatric review needed (IMPACT; Bao et al.
         * 2015, facts.md "Measurement-based care").
         */
        NOT_IMPROVED,
        /** Worse by 5 points or more (facts.md: a 5-point change is the minimal clinically important change). */
        WORSENING,
        /** Enrolled in the last {@value CaseReviews#NEW_ENROLMENT_WEEKS} weeks and not reviewed since enrolment. */
        NEW_ENROLMENT,
        /** Another caseload flag (e.g. no contact, no measurement). */
        OTHER_FLAG;

        public String code() {
            return Codes.of(this);
        }
    }

    public static ReviewReason of(Kind kind) {
        return new ReviewReason(kind, null, null);
    }

    public static ReviewReason requested(String reason) {
        return new ReviewReason(Kind.REQUESTED, reason, null);
    }

    /**
     * A caseload flag as a review reason: safety, not improved at week 8-12 ({@link Flag#NEEDS_PSYCHIATRIC_REVIEW}) and
     * worsening have their own priority; the other flags come last.
     */
    public static ReviewReason flagged(TreatToTarget.Reason reason) {
        Kind kind = switch (reason.flag()) {
            case SAFETY -> Kind.SAFETY;
            case NEEDS_PSYCHIATRIC_REVIEW -> Kind.NOT_IMPROVED;
            case WORSENING -> Kind.WORSENING;
            default -> Kind.OTHER_FLAG;
        };
        return new ReviewReason(kind, null, reason);
    }
}
