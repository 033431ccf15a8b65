package org.tandem.scheduling;

/**
 * The 97.5% quantile of Student's t distribution, for 95% confidence intervals. The distribution function is
 * F(t) = 1 - I<sub>x</sub>(&nu;/2, 1/2) / 2 for t &ge; 0 with x = &nu; / (&nu; + t&sup2;) (Abramowitz and Stegun 26.7.1,
 * 26.5.27); the regularized incomplete beta function I is evaluated by its continued fraction (modified Lentz method,
 * Numerical Recipes 3rd ed. &sect;6.4) and the quantile found by bisection.
 */
final class StudentT {

    private StudentT() {
    }

    static double quantile975(int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom " + degreesOfFreedom);
        }
        double low = 0;
        double high = 1000;
        for (int i = 0; i < 200 && high - low > 1e-12; i++) {
            double mid = (low + high) / 2;
            if (upperTail(mid, degreesOfFreedom) > 0.025) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return (low + high) / 2;
    }

    /** P(T &gt; t) for t &ge; 0. */
    static double upperTail(double t, int nu) {
        return 0.5 * regularizedBeta(nu / (nu + t * t), nu / 2.0, 0.5);
    }

    static double regularizedBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        if (x < (a + 1) / (a + b + 2)) {
            return front * continuedFraction(x, a, b) / a;
        }
        return 1 - front * continuedFraction(1 - x, b, a) / b;
    }

    private static double continuedFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double h = d;
        for (int m = 1; m <= 10_000; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = 1 / (Math.abs(d) < tiny ? tiny : d);
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    /** ln &Gamma;(x) for x &gt; 0 (Lanczos approximation, g = 7, n = 9). */
    static double logGamma(double x) {
        double[] g = { 0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7 };
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double sum = g[0];
        for (int i = 1; i < g.length; i++) {
            sum += g[i] / (x + i);
        }
        double t = x + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
