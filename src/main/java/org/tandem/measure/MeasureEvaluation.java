package org.tandem.measure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One measure evaluated over one period: counts per population and, for population reports, every patient's result.
 *
 * @param subjects every evaluated patient with at least one population (empty for a count-only request)
 * @param evaluated how many patients were evaluated
 * @param took wall time of the evaluation
 */
public record MeasureEvaluation(String measureId, MeasurePeriod period, Map<Population, Integer> counts,
        List<SubjectResult> subjects, int evaluated, Duration took) {

    public int count(Population population) {
        return counts.getOrDefault(population, 0);
    }

    /**
     * The performance rate: numerator / (denominator - denominator exclusions - denominator exceptions), or null when
     * that is 0. (Numerator exclusions are not used by CMS2 or CMS159.)
     */
    public Double rate() {
        int eligible = count(Population.DENOMINATOR) - count(Population.DENOMINATOR_EXCLUSION) - count(Population.DENOMINATOR_EXCEPTION);
        return eligible <= 0 ? null : (double) count(Population.NUMERATOR) / eligible;
    }
}
