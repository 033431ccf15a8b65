package org.tandem.handoff;

/** What a behavioral health clinician is doing, as far as a warm handoff is concerned. */
public enum PresenceState {
    AVAILABLE("available"),
    /** With a patient, but may be interrupted for a handoff. */
    INTERRUPTIBLE("interruptible"),
    /** With a patient, do not interrupt. */
    DO_NOT_INTERRUPT("do-not-interrupt"),
    IN_GROUP("in-group"),
    AWAY("away"),
    OFF("off");

    private final String code;

    PresenceState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Receives new handoff requests straight away. */
    public boolean takesHandoffs() {
        return this == AVAILABLE;
    }

    public static PresenceState ofCode(String code) {
        for (PresenceState state : values()) {
            if (state.code.equals(code)) {
                return state;
            }
        }
        throw new IllegalArgumentException("Unknown presence state " + code);
    }
}
