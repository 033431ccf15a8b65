package org.tandem.scheduling;

/** Why a visit was booked. */
public enum AppointmentSource {
    RETURN_VISIT("return-visit"), HANDOFF_FALLBACK("handoff-fallback"), SCHEDULED_VISIT("scheduled-visit"),
    CALLBACK("callback");

    private final String code;

    AppointmentSource(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static AppointmentSource ofCode(String code) {
        for (AppointmentSource source : values()) {
            if (source.code.equals(code)) {
                return source;
            }
        }
        throw new IllegalArgumentException("Unknown appointment source " + code);
    }
}
