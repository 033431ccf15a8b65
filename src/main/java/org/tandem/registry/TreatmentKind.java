package org.tandem.registry;

/** A change of treatment, marked on the trajectory chart. */
public enum TreatmentKind {
    MEDICATION_START, MEDICATION_CHANGE, MEDICATION_STOP, THERAPY, REFERRAL, OTHER;

    public String code() {
        return Codes.of(this);
    }

    public static TreatmentKind of(String code) {
        return Codes.parse(TreatmentKind.class, code, "Treatment change");
    }
}
