package org.tandem.scheduling;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a template did over the simulated weeks: per metric the mean over replications with its 95% confidence
 * interval, and each replication's own value (replication r's values sit at index r, so two results from the same
 * seed can be compared replication by replication).
 *
 * @param settings the assumptions the result was computed under
 * @param clinicians the number of BHCs in the template
 * @param estimates mean and 95% confidence interval per metric
 * @param samples each replication's value per metric (NaN where a replication did not define it)
 */
public record SimulationResult(SimulationSettings settings, int clinicians, Map<Metric, Estimate> estimates,
        Map<Metric, double[]> samples) {

    /** What is measured in each replication. */
    public enum Metric {
        /** Share of handoff needs a BHC took while the patient was still in clinic (0..1). */
        HANDOFFS_MET("handoffs-met", true, true),
        /** Share of met handoffs whose patient had to wait at all (0..1). */
        HANDOFFS_WAITED("handoffs-waited", false, true),
        /** Mean wait in minutes of the met handoffs, from the need to a BHC taking it. */
        MEAN_WAIT("mean-wait", false, false),
        /** 90th percentile (nearest rank) of the waits of met handoffs, in minutes. */
        P90_WAIT("p90-wait", false, false),
        /** Minutes BHCs were with a patient (attended visits and handoffs) over the minutes their template schedules. */
        UTILIZATION("utilization", null, true),
        /** Hours of attended counseling and brief visits over the simulated weeks (billable time). */
        BILLABLE_HOURS("billable-hours", true, false),
        /** Return visits asked for that found no free counseling or brief slot within the booking window. */
        UNMET_RETURN_VISITS("unmet-return-visits", false, false),
        /** Handoff needs that arose over the simulated weeks. */
        HANDOFF_NEEDS("handoff-needs", null, false),
        /** Return visits asked for after a met handoff. */
        RETURN_VISITS_ASKED("return-visits-asked", null, false);

        private final String code;
        private final Boolean higherIsBetter;
        private final boolean share;

        Metric(String code, Boolean higherIsBetter, boolean share) {
            this.code = code;
            this.higherIsBetter = higherIsBetter;
            this.share = share;
        }

        public String code() {
            return code;
        }

        /** True when more is better, false when less is better, null when neither (context or a trade-off). */
        public Boolean higherIsBetter() {
            return higherIsBetter;
        }

        /** Whether the value is a share between 0 and 1 (shown as a percentage). */
        public boolean share() {
            return share;
        }
    }

    public SimulationResult {
        estimates = Collections.unmodifiableMap(new EnumMap<>(estimates));
        samples = Collections.unmodifiableMap(new EnumMap<>(samples));
    }

    public Estimate estimate(Metric metric) {
        return estimates.get(metric);
    }

    /** Replication r's value of a metric (a copy). */
    public double[] values(Metric metric) {
        return samples.get(metric).clone();
    }

    public int replications() {
        return settings.replications();
    }

    static SimulationResult of(SimulationSettings settings, int clinicians, double[][] perReplication) {
        Map<Metric, Estimate> estimates = new EnumMap<>(Metric.class);
        Map<Metric, double[]> samples = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            double[] values = new double[perReplication.length];
            for (int r = 0; r < values.length; r++) {
                values[r] = perReplication[r][metric.ordinal()];
            }
            samples.put(metric, values);
            estimates.put(metric, Estimate.of(values));
        }
        return new SimulationResult(settings, clinicians, estimates, samples);
    }
}
