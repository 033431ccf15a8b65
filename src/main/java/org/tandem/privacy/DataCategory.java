package org.tandem.privacy;

/** The kinds of patient data the access policy distinguishes. */
public enum DataCategory {
    /** Name, birth date, sex, MRN, language, assigned PCP. */
    DEMOGRAPHICS,
    /** Visits: dates, types, clinicians. */
    ENCOUNTERS,
    /** Conditions, observations, procedures, medications, orders, coverage. */
    CLINICAL,
    /** Who accessed the patient's record. */
    ACCESS_HISTORY
}
