package org.tandem.scheduling;

/** FHIR Appointment.status values Tandem uses. */
public enum AppointmentStatus {
    BOOKED("booked"), ARRIVED("arrived"), FULFILLED("fulfilled"), CANCELLED("cancelled"), NOSHOW("noshow");

    private final String code;

    AppointmentStatus(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static AppointmentStatus ofCode(String code) {
        for (AppointmentStatus status : values()) {
            if (status.code.equals(code)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown appointment status " + code);
    }
}
