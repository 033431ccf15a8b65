package org.tandem.handoff;

/** How soon the patient needs to be seen. */
public enum Urgency {
    NOW("now"), TODAY("today"), NEXT_AVAILABLE("next-available");

    private final String code;

    Urgency(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Urgency ofCode(String code) {
        for (Urgency urgency : values()) {
            if (urgency.code.equals(code)) {
                return urgency;
            }
        }
        throw new IllegalArgumentException("Unknown urgency " + code);
    }
}
