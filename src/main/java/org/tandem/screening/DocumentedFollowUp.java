package org.tandem.screening;

import java.time.Instant;
import java.util.UUID;
import org.tandem.patient.PatientId;

/** A follow-up of a positive screen documented in Tandem, as population features (the eCQMs) read it. */
public record DocumentedFollowUp(UUID id, PatientId patient, FollowUp kind, Instant documentedAt) {
}
