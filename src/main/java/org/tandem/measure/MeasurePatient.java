package org.tandem.measure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The part of one patient's record the measures read: the QI-Core elements the measures' CQL names, nothing else.
 * Built from Tandem's stored data (patients, encounters, imported clinical facts, Tandem's own screening results and
 * follow-ups) or, in unit tests, straight from a FHIR bundle.
 *
 * @param deceased true when Patient.deceased is true or a date time
 * @param deceasedAt Patient.deceasedDateTime, null when unknown or not deceased
 * @param pcpId the patient's primary care clinician in Tandem (for breakdowns), or null
 */
public record MeasurePatient(UUID id, LocalDate birthDate, String gender, boolean deceased, Instant deceasedAt, UUID pcpId,
        List<MeasureEncounter> encounters, List<MeasureEvent> events) {
}
