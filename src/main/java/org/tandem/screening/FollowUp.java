package org.tandem.screening;

import java.util.Locale;

/** What was done about a positive screen (documented follow-up). */
public enum FollowUp {
    WARM_HANDOFF, BH_VISIT_SCHEDULED, REFERRAL, MEDICATION, PCP_FOLLOW_UP, SAFETY_ASSESSMENT, PATIENT_DECLINED;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static FollowUp fromCode(String code) {
        for (FollowUp value : values()) {
            if (value.code().equals(code)) {
                return value;
            }
        }
        throw new InvalidResponse("Unknown follow-up '" + code + "'");
    }
}
