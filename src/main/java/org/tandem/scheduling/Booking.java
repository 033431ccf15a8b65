package org.tandem.scheduling;

import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * A request to book a patient into a slot.
 *
 * @param handoff the warm handoff this visit replaces (fallback), or null
 */
public record Booking(PatientId patient, UUID slot, AppointmentSource source, String reason, UUID handoff) {
}
