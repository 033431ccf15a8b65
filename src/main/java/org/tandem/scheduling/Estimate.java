package org.tandem.scheduling;

/**
 * A simulated quantity: the mean over replications and its 95% confidence interval (Student t with n - 1 degrees of
 * freedom: mean &plusmn; t<sub>0.975, n-1</sub> &middot; s / &radic;n). All three are NaN when no replication defined
 * the quantity (e.g. a mean wait when no handoff was met); the interval is NaN with a single replication.
 *
 * @param mean the mean over the replications that defined the quantity
 * @param low lower end of the 95% confidence interval
 * @param high upper end of the 95% confidence interval
 */
public record Estimate(double mean, double low, double high) {

    /** Half the width of the interval. */
    public double halfWidth() {
        return (high - low) / 2;
    }

    /** Whether the interval lies wholly above zero (for a difference: a real increase). */
    public boolean above(double value) {
        return low > value;
    }

    /** Whether the interval lies wholly below zero (for a difference: a real decrease). */
    public boolean below(double value) {
        return high < value;
    }

    /** Mean and 95% confidence interval of the defined (non-NaN) values. */
    static Estimate of(double[] values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new Estimate(Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        if (n == 1) {
            return new Estimate(mean, Double.NaN, Double.NaN);
        }
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double half = StudentT.quantile975(n - 1) * Math.sqrt(squares / (n - 1) / n);
        return new Estimate(mean, mean - half, mean + half);
    }
}
