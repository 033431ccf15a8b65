package org.tandem.measure;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * One program metric over one period.
 *
 * @param value the rate (0..1), the count per 100 visits or the median days, by {@link ProgramMetric#kind()}; null
 *        when the denominator (or, for the median, the numerator) is 0
 * @param subjects every patient behind the numbers, in the denominator, the numerator, or both
 * @param byClinician the same metric per attributed clinician (a null clinician: not attributed)
 */
public record ProgramResult(ProgramMetric metric, MeasurePeriod period, int numerator, int denominator, Double value,
        List<Subject> subjects, List<Breakdown> byClinician) {

    /**
     * One patient behind the numbers.
     *
     * @param clinician the attributed clinician: the patient's PCP, else the clinician of their latest visit in the
     *        period, else null
     * @param index the day the patient entered the denominator (index screen or PHQ-9), when the metric has one
     * @param value the metric's per-patient figure: days to follow-up or contact, follow-up PHQ-9 score, completed
     *        handoffs, PHQ-9 windows met; null when none
     */
    public record Subject(UUID patient, boolean denominator, boolean numerator, UUID clinician, LocalDate index, Integer value) {
    }

    public record Breakdown(UUID clinician, int numerator, int denominator, Double value) {
    }
}
