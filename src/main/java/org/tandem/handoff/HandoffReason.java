package org.tandem.handoff;

/** Why primary care asks for a warm handoff. */
public enum HandoffReason {
    POSITIVE_SCREEN("positive-screen"), DISTRESS("distress"), SUBSTANCE_USE("substance-use"),
    NEW_DIAGNOSIS("new-diagnosis"), MEDICATION_QUESTION("medication-question"), OTHER("other");

    private final String code;

    HandoffReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static HandoffReason ofCode(String code) {
        for (HandoffReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("Unknown handoff reason " + code);
    }
}
