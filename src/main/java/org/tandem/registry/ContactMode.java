package org.tandem.registry;

/** How time was spent: a contact with the patient (phone, in person, video, message) or work without the patient. */
public enum ContactMode {
    PHONE, IN_PERSON, VIDEO, MESSAGE, NONE;

    /** Whether this was a contact with the patient (counts for "last contact" and contact frequency). */
    public boolean patientContact() {
        return this != NONE;
    }

    public String code() {
        return Codes.of(this);
    }

    public static ContactMode of(String code) {
        return Codes.parse(ContactMode.class, code, "Contact mode");
    }
}
