package org.tandem.patient;

/** No patient (or encounter, or fact) with this id in the caller's practice. */
public class PatientNotFound extends RuntimeException {

    public PatientNotFound(String what) {
        super(what + " not found");
    }
}
