package org.tandem.scheduling;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.tandem.scheduling.SimulationResult.Metric;

/**
 * Two templates simulated with common random numbers: replication r of both sees the same handoff needs at the same
 * moments with the same lengths and return-visit wishes, and the same slot bookings and no-shows wherever both
 * templates have a slot at the same clinician and time. The difference B - A is estimated replication by replication
 * (a paired comparison), so it is far more precise than the two intervals side by side suggest.
 *
 * @param a the first template's result
 * @param b the second template's result
 * @param difference per metric, the mean of B - A over replications with its 95% confidence interval
 */
public record TemplateComparison(SimulationResult a, SimulationResult b, Map<Metric, Estimate> difference) {

    public TemplateComparison {
        difference = Collections.unmodifiableMap(new EnumMap<>(difference));
    }

    public Estimate difference(Metric metric) {
        return difference.get(metric);
    }

    static TemplateComparison of(SimulationResult a, SimulationResult b) {
        Map<Metric, Estimate> difference = new EnumMap<>(Metric.class);
        for (Metric metric : Metric.values()) {
            double[] x = a.samples().get(metric);
            double[] y = b.samples().get(metric);
            double[] d = new double[Math.min(x.length, y.length)];
            for (int r = 0; r < d.length; r++) {
                d[r] = y[r] - x[r];
            }
            difference.put(metric, Estimate.of(d));
        }
        return new TemplateComparison(a, b, difference);
    }
}
