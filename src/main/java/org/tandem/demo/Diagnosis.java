package org.tandem.demo;

/** The problem-list conditions the demo panel carries, as SNOMED CT concepts. */
enum Diagnosis {
    ESSENTIAL_HYPERTENSION("59621000", "Essential hypertension"),
    TYPE_2_DIABETES("44054006", "Type 2 diabetes mellitus"),
    MAJOR_DEPRESSIVE_DISORDER("370143000", "Major depressive disorder"),
    DEPRESSIVE_DISORDER("35489007", "Depressive disorder"),
    GENERALIZED_ANXIETY_DISORDER("21897009", "Generalized anxiety disorder"),
    ALCOHOL_USE_DISORDER("7200002", "Alcoholism");

    static final String SYSTEM = "http://snomed.info/sct";

    private final String code;
    private final String display;

    Diagnosis(String code, String display) {
        this.code = code;
        this.display = display;
    }

    String code() {
        return code;
    }

    String display() {
        return display;
    }

    boolean behavioral() {
        return this != ESSENTIAL_HYPERTENSION && this != TYPE_2_DIABETES;
    }
}
