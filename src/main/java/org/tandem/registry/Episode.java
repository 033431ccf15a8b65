package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * One episode of behavioral health care for a patient and a focus (FHIR EpisodeOfCare).
 *
 * @param enrolledOn the day the patient was enrolled (treatment weeks count from it), null while referred
 * @param consentOn the day consent to collaborative care was documented, null if not yet
 * @param instruments the instrument ids measured in this episode (e.g. phq-9, gad-7)
 * @param activeCadenceDays days between measurements in active treatment (default 14)
 * @param relapseCadenceDays days between measurements in relapse prevention (default 28)
 */
public record Episode(UUID id, PatientId patient, EpisodeFocus focus, EpisodeStatus status, DischargeReason dischargeReason,
        UUID careManager, UUID pcp, UUID consultant, LocalDate referredOn, LocalDate enrolledOn, LocalDate activeSince,
        LocalDate relapsePreventionSince, LocalDate dischargedOn, UUID sourceResponse, UUID sourceAlert, LocalDate consentOn,
        String consentMethod, String consentRecordedBy, BillingModel billingModel, boolean medicare, List<String> instruments,
        int activeCadenceDays, int relapseCadenceDays, boolean homeMeasurement, String homeEmail, String homePhone,
        String relapsePreventionPlan, Instant createdAt, Instant updatedAt, int version) {

    public Episode {
        instruments = List.copyOf(instruments);
    }

    public boolean consented() {
        return consentOn != null;
    }

    /** Days between measurements now: the relapse-prevention cadence in relapse prevention, otherwise the active one. */
    public int cadenceDays() {
        return status == EpisodeStatus.RELAPSE_PREVENTION ? relapseCadenceDays : activeCadenceDays;
    }

    /** The day treatment weeks count from: enrolment, or referral while not enrolled. */
    public LocalDate startOn() {
        return enrolledOn != null ? enrolledOn : referredOn;
    }
}
