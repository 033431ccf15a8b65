package org.tandem.scheduling;

/** FHIR Slot.status, plus HELD for an open-access slot before its release time. */
public enum SlotStatus {
    /** Bookable now. */
    FREE,
    /** Open access, kept free for warm handoffs until its release time. */
    HELD,
    /** An appointment is booked in it. */
    BOOKED,
    /** Not bookable (admin time, huddle). */
    UNAVAILABLE
}
