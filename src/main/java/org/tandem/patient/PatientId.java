package org.tandem.patient;

import java.util.UUID;

/** A patient's identifier, also its FHIR resource id. */
public record PatientId(UUID value) {

    public static PatientId of(String value) {
        return new PatientId(UUID.fromString(value));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
