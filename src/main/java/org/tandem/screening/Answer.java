package org.tandem.screening;

/**
 * One answer to one item: a coding (LOINC answer code), a yes/no, or a whole number. Exactly one is set.
 */
public record Answer(String system, String code, Boolean yes, Integer number) {

    public static Answer coding(String system, String code) {
        return new Answer(system, code, null, null);
    }

    public static Answer loinc(String code) {
        return new Answer(Code.LOINC, code, null, null);
    }

    public static Answer yes(boolean value) {
        return new Answer(null, null, value, null);
    }

    public static Answer number(int value) {
        return new Answer(null, null, null, value);
    }

    public boolean isCoding() {
        return code != null;
    }

    @Override
    public String toString() {
        return code != null ? code : yes != null ? (yes ? "yes" : "no") : String.valueOf(number);
    }
}
