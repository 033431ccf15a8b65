package org.tandem.registry;

/**
 * Why a patient is on the psychiatric consultant's weekly review list.
 *
 * @param detail the care manager's reason for a request, the flag's code for {@link Kind#OTHER_FLAG}, otherwise null
 */
public record ReviewReason(Kind kind, String detail) {

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
        return new ReviewReason(kind, null);
    }
}
