package org.tandem.demo;

/** CPT office-visit codes for primary care: problem visits by medical decision making, preventive visits by age band. */
enum VisitCode {
    NEW_STRAIGHTFORWARD("99202", "Office or other outpatient visit, new patient, straightforward medical decision making", 20),
    NEW_LOW("99203", "Office or other outpatient visit, new patient, low level of medical decision making", 30),
    NEW_MODERATE("99204", "Office or other outpatient visit, new patient, moderate level of medical decision making", 40),
    NEW_HIGH("99205", "Office or other outpatient visit, new patient, high level of medical decision making", 40),
    ESTABLISHED_STRAIGHTFORWARD("99212", "Office or other outpatient visit, established patient, straightforward medical decision making", 15),
    ESTABLISHED_LOW("99213", "Office or other outpatient visit, established patient, low level of medical decision making", 20),
    ESTABLISHED_MODERATE("99214", "Office or other outpatient visit, established patient, moderate level of medical decision making", 30),
    ESTABLISHED_HIGH("99215", "Office or other outpatient visit, established patient, high level of medical decision making", 40),
    PREVENTIVE_NEW_INFANT("99381", "Initial preventive medicine evaluation, new patient, infant (age younger than 1 year)", 30),
    PREVENTIVE_NEW_EARLY_CHILDHOOD("99382", "Initial preventive medicine evaluation, new patient, early childhood (age 1 through 4 years)", 30),
    PREVENTIVE_NEW_LATE_CHILDHOOD("99383", "Initial preventive medicine evaluation, new patient, late childhood (age 5 through 11 years)", 30),
    PREVENTIVE_NEW_ADOLESCENT("99384", "Initial preventive medicine evaluation, new patient, adolescent (age 12 through 17 years)", 40),
    PREVENTIVE_NEW_18_39("99385", "Initial preventive medicine evaluation, new patient, 18-39 years", 40),
    PREVENTIVE_NEW_40_64("99386", "Initial preventive medicine evaluation, new patient, 40-64 years", 40),
    PREVENTIVE_NEW_65_PLUS("99387", "Initial preventive medicine evaluation, new patient, 65 years and older", 40),
    PREVENTIVE_INFANT("99391", "Periodic preventive medicine reevaluation, established patient, infant (age younger than 1 year)", 25),
    PREVENTIVE_EARLY_CHILDHOOD("99392", "Periodic preventive medicine reevaluation, established patient, early childhood (age 1 through 4 years)", 25),
    PREVENTIVE_LATE_CHILDHOOD("99393", "Periodic preventive medicine reevaluation, established patient, late childhood (age 5 through 11 years)", 25),
    PREVENTIVE_ADOLESCENT("99394", "Periodic preventive medicine reevaluation, established patient, adolescent (age 12 through 17 years)", 30),
    PREVENTIVE_18_39("99395", "Periodic preventive medicine reevaluation, established patient, 18-39 years", 30),
    PREVENTIVE_40_64("99396", "Periodic preventive medicine reevaluation, established patient, 40-64 years", 30),
    PREVENTIVE_65_PLUS("99397", "Periodic preventive medicine reevaluation, established patient, 65 years and older", 40);

    static final String SYSTEM = "http://www.ama-assn.org/go/cpt";

    private static final VisitCode[] NEW = { NEW_STRAIGHTFORWARD, NEW_LOW, NEW_MODERATE, NEW_HIGH };
    private static final VisitCode[] ESTABLISHED = { ESTABLISHED_STRAIGHTFORWARD, ESTABLISHED_LOW, ESTABLISHED_MODERATE,
            ESTABLISHED_HIGH };
    private static final VisitCode[] PREVENTIVE_NEW = { PREVENTIVE_NEW_INFANT, PREVENTIVE_NEW_EARLY_CHILDHOOD,
            PREVENTIVE_NEW_LATE_CHILDHOOD, PREVENTIVE_NEW_ADOLESCENT, PREVENTIVE_NEW_18_39, PREVENTIVE_NEW_40_64,
            PREVENTIVE_NEW_65_PLUS };
    private static final VisitCode[] PREVENTIVE_ESTABLISHED = { PREVENTIVE_INFANT, PREVENTIVE_EARLY_CHILDHOOD,
            PREVENTIVE_LATE_CHILDHOOD, PREVENTIVE_ADOLESCENT, PREVENTIVE_18_39, PREVENTIVE_40_64, PREVENTIVE_65_PLUS };

    private final String code;
    private final String display;
    private final int typicalMinutes;

    VisitCode(String code, String display, int typicalMinutes) {
        this.code = code;
        this.display = display;
        this.typicalMinutes = typicalMinutes;
    }

    String code() {
        return code;
    }

    String display() {
        return display;
    }

    int typicalMinutes() {
        return typicalMinutes;
    }

    boolean preventive() {
        return code.startsWith("993");
    }

    boolean newPatient() {
        return this == PREVENTIVE_NEW_INFANT || code.startsWith("9920") || code.startsWith("9938");
    }

    /** A problem-oriented visit at a medical-decision-making level from 0 (straightforward) to 3 (high). */
    static VisitCode problem(boolean newPatient, int level) {
        return (newPatient ? NEW : ESTABLISHED)[level];
    }

    /** The preventive visit for a patient of this age in whole years. */
    static VisitCode preventive(boolean newPatient, int age) {
        int band = age < 1 ? 0 : age <= 4 ? 1 : age <= 11 ? 2 : age <= 17 ? 3 : age <= 39 ? 4 : age <= 64 ? 5 : 6;
        return (newPatient ? PREVENTIVE_NEW : PREVENTIVE_ESTABLISHED)[band];
    }
}
