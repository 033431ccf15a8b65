package org.tandem.handoff;

/** What is offered when nobody accepted a handoff in time. */
public enum Fallback {
    NEXT_OPEN_SLOT("next-slot"), SAME_DAY_CALLBACK("callback"), SCHEDULED_VISIT("scheduled-visit");

    private final String code;

    Fallback(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Fallback ofCode(String code) {
        for (Fallback fallback : values()) {
            if (fallback.code.equals(code)) {
                return fallback;
            }
        }
        throw new IllegalArgumentException("Unknown fallback " + code);
    }
}
