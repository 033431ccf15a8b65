package org.tandem.registry;

/** Why an episode ended (facts.md: an episode ends when goals are met, the patient is referred on, or after 6 months without services). */
public enum DischargeReason {
    GOALS_MET, REFERRED_ON, NO_SERVICES_6_MONTHS, PATIENT_DECLINED, LOST_TO_FOLLOW_UP, MOVED, OTHER;

    public String code() {
        return Codes.of(this);
    }

    public static DischargeReason of(String code) {
        return Codes.parse(DischargeReason.class, code, "Discharge reason");
    }
}
