package org.tandem.patient;

import java.util.Locale;

/** FHIR administrative gender (http://hl7.org/fhir/administrative-gender). */
public enum AdministrativeSex {
    MALE, FEMALE, OTHER, UNKNOWN;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AdministrativeSex fromCode(String code) {
        if (code == null || code.isBlank()) {
            return UNKNOWN;
        }
        for (AdministrativeSex sex : values()) {
            if (sex.code().equals(code.trim().toLowerCase(Locale.ROOT))) {
                return sex;
            }
        }
        throw new InvalidPatientData("Sex must be male, female, other or unknown, not '" + code + "'");
    }
}
