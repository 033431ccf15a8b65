package org.tandem.measure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An Encounter as the measures read it.
 *
 * @param types every coding of Encounter.type
 * @param start Encounter.period.start (null when absent)
 * @param end Encounter.period.end (null when absent: an open period)
 * @param dischargeDisposition every coding of Encounter.hospitalization.dischargeDisposition
 * @param clinicianId the Tandem clinician of the encounter, when known (for breakdowns)
 */
public record MeasureEncounter(String id, String status, String classCode, List<MeasureCode> types, Instant start, Instant end,
        List<MeasureCode> dischargeDisposition, UUID clinicianId) {
}
