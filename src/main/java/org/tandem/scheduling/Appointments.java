package org.tandem.scheduling;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.tandem.patient.PatientId;

/**
 * Visits booked with behavioral health clinicians. Booking claims the slot with a conditional update, so two people
 * booking the same slot at once get one appointment and one clear refusal. Reads pass the access policy; writes are
 * audited.
 */
@Component
public class Appointments {

    /** @throws InvalidScheduleData when the slot is taken, held for handoffs, not bookable or in the past */
    public Appointment book(Booking booking) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    public Appointment get(UUID id) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    public List<Appointment> ofPatient(PatientId patient) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    /** Appointments of one clinician (or all when null) starting in [from, to). */
    public List<Appointment> between(UUID clinician, Instant from, Instant to) {
        throw new UnsupportedOperationException("scheduling-core");
    }

    /** Moves an appointment to arrived, fulfilled or no-show, or cancels it (frees the slot; reason required). */
    public Appointment changeStatus(UUID id, AppointmentStatus status, String reason, int version) {
        throw new UnsupportedOperationException("scheduling-core");
    }
}
