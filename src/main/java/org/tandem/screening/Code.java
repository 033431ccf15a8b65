package org.tandem.screening;

/** A coded value: system, code and English display. */
public record Code(String system, String code, String display) {

    public static final String LOINC = "http://loinc.org";
    public static final String SNOMED = "http://snomed.info/sct";
    /**
     * Tandem's own code system, used only where LOINC has no code or the LOINC code could not be confirmed
     * (marked UNVERIFIED in {@code ../shared/clinical/facts.md}); replace with LOINC once confirmed.
     */
    public static final String TANDEM = "urn:tandem:screening";

    public static Code loinc(String code, String display) {
        return new Code(LOINC, code, display);
    }

    public static Code tandem(String code, String display) {
        return new Code(TANDEM, code, display);
    }

    public boolean is(String otherSystem, String otherCode) {
        return system.equals(otherSystem) && code.equals(otherCode);
    }
}
