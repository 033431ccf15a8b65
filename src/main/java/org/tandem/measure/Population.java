package org.tandem.measure;

/** A measure population, with its code in the measure-population code system (MeasureReport.group.population.code). */
public enum Population {
    INITIAL_POPULATION("initial-population"),
    DENOMINATOR("denominator"),
    DENOMINATOR_EXCLUSION("denominator-exclusion"),
    NUMERATOR("numerator"),
    NUMERATOR_EXCLUSION("numerator-exclusion"),
    DENOMINATOR_EXCEPTION("denominator-exception");

    public static final String SYSTEM = "http://terminology.hl7.org/CodeSystem/measure-population";

    private final String code;

    Population(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Population ofCode(String code) {
        for (Population p : values()) {
            if (p.code.equals(code)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown measure population code: " + code);
    }
}
