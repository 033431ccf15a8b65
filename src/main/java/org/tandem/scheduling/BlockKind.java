package org.tandem.scheduling;

/** The kinds of block a behavioral health clinician's week is built from. */
public enum BlockKind {
    /** A counseling visit, typically 45-60 minutes; bookable. */
    COUNSELING("counseling", true),
    /** A brief visit, typically 15-30 minutes; bookable. */
    BRIEF("brief", true),
    /** Held free for warm handoffs; bookable only from its release time on if still unused. */
    OPEN_ACCESS("open-access", true),
    /** Documentation, calls, care coordination; not bookable. */
    ADMIN("admin", false),
    /** Team huddle; not bookable. */
    HUDDLE("huddle", false);

    private final String code;
    private final boolean bookable;

    BlockKind(String code, boolean bookable) {
        this.code = code;
        this.bookable = bookable;
    }

    /** Code stored in the database and used in FHIR (Slot.serviceType text, Appointment.appointmentType). */
    public String code() {
        return code;
    }

    public boolean bookable() {
        return bookable;
    }

    public static BlockKind ofCode(String code) {
        for (BlockKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("Unknown block kind " + code);
    }
}
