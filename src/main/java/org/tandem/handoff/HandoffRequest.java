package org.tandem.handoff;

import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * A warm handoff request as entered (fields as sent; checked by {@link Handoffs}).
 *
 * @param onBehalfOf the PCP an MA asks for, or null when the requester is the PCP
 * @param screeningResponse the screening result that prompted it, or null
 */
public record HandoffRequest(PatientId patient, HandoffReason reason, Urgency urgency, String room, String note,
        UUID onBehalfOf, UUID screeningResponse) {
}
