package org.tandem.handoff;

/** How a handoff ended, and the Task.status it ends in. */
public enum HandoffOutcome {
    COMPLETED("completed", HandoffStatus.COMPLETED),
    PATIENT_DECLINED("declined", HandoffStatus.REJECTED),
    PATIENT_LEFT("left", HandoffStatus.CANCELLED),
    NOT_AVAILABLE("not-available", HandoffStatus.REJECTED),
    CONVERTED_TO_VISIT("converted", HandoffStatus.COMPLETED);

    private final String code;
    private final HandoffStatus status;

    HandoffOutcome(String code, HandoffStatus status) {
        this.code = code;
        this.status = status;
    }

    public String code() {
        return code;
    }

    public HandoffStatus status() {
        return status;
    }

    public static HandoffOutcome ofCode(String code) {
        for (HandoffOutcome outcome : values()) {
            if (outcome.code.equals(code)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("Unknown handoff outcome " + code);
    }
}
