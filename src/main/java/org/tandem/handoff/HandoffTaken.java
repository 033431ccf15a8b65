package org.tandem.handoff;

/** Accepting failed because another clinician accepted first (or the request was closed); says who. */
public class HandoffTaken extends RuntimeException {

    private final String takenBy;

    public HandoffTaken(String message, String takenBy) {
        super(message);
        this.takenBy = takenBy;
    }

    /** Display name of the clinician who has it, or null when it was cancelled or closed. */
    public String takenBy() {
        return takenBy;
    }
}
