package org.tandem.registry;

import java.util.Locale;

/**
 * A treat-to-target flag on a caseload row: a reason to act on an episode now. The rules that raise them, each with
 * its source, are in {@link TreatToTarget}.
 */
public enum Flag {
    /** Safety first: an unreviewed result with a positive safety item. */
    SAFETY,
    /** The latest PHQ-9 or GAD-7 is 5 or more points above the baseline. */
    WORSENING,
    /** From week 8 of treatment, PHQ-9 not improved and no psychiatric case review since week 8 began. */
    NEEDS_PSYCHIATRIC_REVIEW,
    /** Four weeks after enrolment without a follow-up contact with the patient. */
    NO_FOLLOW_UP,
    /** No contact with the patient for 2 weeks (4 in relapse prevention). */
    NO_RECENT_CONTACT,
    /** No measurement of a plan instrument for 4 weeks. */
    NO_RECENT_MEASUREMENT,
    /** Open for more than 6 months without any service in the last 6 months: consider discharge. */
    NO_SERVICES_6_MONTHS;

    /** The code used in URLs and data attributes, e.g. {@code no-recent-contact}. */
    public String code() {
        return Codes.of(this);
    }

    /** Message key of the flag's short label (badge). */
    public String messageKey() {
        return "registry.caseload.flag." + code();
    }

    /** Message key of the sentence explaining why the flag was raised; its arguments come with {@link TreatToTarget.Reason}. */
    public String reasonKey() {
        return messageKey() + ".reason";
    }

    public static Flag of(String code) {
        return Codes.parse(Flag.class, code, "Flag");
    }

    /** The flag with this code, or null for an unknown or blank code (for request parameters). */
    public static Flag find(String code) {
        if (code == null || code.isBlank()) {
            return null;
        }
        for (Flag flag : values()) {
            if (flag.code().equals(code.trim().toLowerCase(Locale.ROOT))) {
                return flag;
            }
        }
        return null;
    }
}
