package org.tandem.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * One open episode on a caseload with its treat-to-target status.
 *
 * @param age years on today's date, or null when the birth date is unknown
 * @param careManagerName the care manager's display name, or null when none is assigned
 * @param enrolledOn the enrolment day (null while only referred)
 * @param weeksInTreatment full weeks since enrolment (null while referred)
 * @param treatmentWeek the current week of treatment (1 in the first 7 days), null while referred
 * @param phq9 baseline, latest, change, response and remission of the PHQ-9 (PHQ-A counts as PHQ-9)
 * @param gad7 baseline, latest, change and 4-point improvement of the GAD-7
 * @param lastContact the latest contact with the patient, or null
 * @param daysSinceContact days since it, or null
 * @param contacts how many contacts with the patient were logged on the episode
 * @param nextContactDue last contact (or enrolment) + 14 days, 28 in relapse prevention
 * @param lastMeasurement the latest result of a plan instrument, or null
 * @param nextMeasurementDue last plan measurement since enrolment (or enrolment) + the episode's cadence
 * @param lastPsychiatricReview the day of the latest psychiatric case review of the episode, or null
 * @param flags the raised flags, safety first
 * @param reasons why each flag was raised (message key and arguments)
 * @param measurements PHQ-9, GAD-7 and other plan-instrument results from 30 days before enrolment on, oldest first
 *        (for the trajectory chart)
 */
public record CaseloadRow(UUID episodeId, PatientId patientId, String name, String mrn, Integer age, EpisodeFocus focus,
        EpisodeStatus status, UUID careManager, String careManagerName, LocalDate enrolledOn, Integer weeksInTreatment,
        Integer treatmentWeek, TreatToTarget.Progress phq9, TreatToTarget.Progress gad7, LocalDate lastContact,
        Integer daysSinceContact, int contacts, LocalDate nextContactDue, LocalDate lastMeasurement, LocalDate nextMeasurementDue,
        LocalDate lastPsychiatricReview, List<Flag> flags, List<TreatToTarget.Reason> reasons,
        List<TreatToTarget.Measurement> measurements) {

    public CaseloadRow {
        flags = List.copyOf(flags);
        reasons = List.copyOf(reasons);
        measurements = List.copyOf(measurements);
    }

    public boolean has(Flag flag) {
        return flags.contains(flag);
    }

    /** The patient id as a UUID (for links). */
    public UUID patientUuid() {
        return patientId.value();
    }
}
