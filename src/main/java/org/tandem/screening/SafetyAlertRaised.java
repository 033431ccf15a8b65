package org.tandem.screening;

import java.util.UUID;
import org.tandem.patient.PatientId;
import org.tandem.platform.PracticeId;

/** A safety rule fired and an alert was stored; {@code notifyAccount} is the PCP of the visit, if known. */
public record SafetyAlertRaised(PracticeId practice, UUID alert, PatientId patient, boolean acute, UUID notifyAccount) {
}
