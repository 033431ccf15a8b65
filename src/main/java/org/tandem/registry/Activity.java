package org.tandem.registry;

/** What the time was spent on (the CoCM service elements). */
public enum Activity {
    INITIAL_ASSESSMENT, FOLLOW_UP, MEASUREMENT, BRIEF_INTERVENTION, CARE_PLANNING, RELAPSE_PREVENTION,
    CASE_REVIEW, CARE_COORDINATION, MEDICATION_MANAGEMENT, OTHER;

    public String code() {
        return Codes.of(this);
    }

    public static Activity of(String code) {
        return Codes.parse(Activity.class, code, "Activity");
    }
}
