package org.tandem.handoff;

/** A handoff's status, with the FHIR Task.status code it maps to. */
public enum HandoffStatus {
    REQUESTED("requested"), ACCEPTED("accepted"), IN_PROGRESS("in-progress"), COMPLETED("completed"),
    REJECTED("rejected"), CANCELLED("cancelled");

    private final String code;

    HandoffStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean open() {
        return this == REQUESTED || this == ACCEPTED || this == IN_PROGRESS;
    }

    public static HandoffStatus ofCode(String code) {
        for (HandoffStatus status : values()) {
            if (status.code.equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown handoff status " + code);
    }
}
