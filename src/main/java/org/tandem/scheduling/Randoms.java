package org.tandem.scheduling;

import java.util.SplittableRandom;

/**
 * The simulation's random numbers. Replication r of a run with seed s draws from its own streams, derived from (s, r)
 * by the SplitMix64 finalizer (Steele, Lea and Flood 2014, the mixing function of {@link SplittableRandom}), so a
 * replication gives the same values whichever thread runs it and in whatever order. Within a replication, handoff
 * needs come from one stream and each slot's booking and no-show from a hash of (replication, BHC, slot start), so two
 * templates that share a slot share its draws (common random numbers).
 */
final class Randoms {

    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    static final long ARRIVALS = 0x6A09E667F3BCC909L;
    static final long PREBOOKED = 0xBB67AE8584CAA73BL;
    static final long NO_SHOW = 0x3C6EF372FE94F82BL;
    static final long SCREENING = 0xA54FF53A5F1D36F1L;

    private Randoms() {
    }

    /** The SplitMix64 finalizer: a bijection of longs whose outputs look independent. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long replicationSeed(long seed, int replication) {
        return mix(mix(seed) + (replication + 1L) * GOLDEN);
    }

    static SplittableRandom stream(long replicationSeed, long salt) {
        return new SplittableRandom(mix(replicationSeed ^ salt));
    }

    /** A uniform number in [0, 1) determined by its three keys. */
    static double uniform(long a, long b, long c) {
        long h = mix(mix(mix(a) ^ b) + c * GOLDEN);
        return (h >>> 11) * 0x1.0p-53;
    }

    /** A Poisson count by inversion (sequential search); means above 500 are split into halves to avoid underflow. */
    static int poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 500) {
            return poisson(random, mean / 2) + poisson(random, mean / 2);
        }
        double u = random.nextDouble();
        int k = 0;
        double p = Math.exp(-mean);
        double cumulative = p;
        while (u > cumulative && k < 100_000) {
            k++;
            p *= mean / k;
            cumulative += p;
            if (p == 0 && cumulative < u) {
                break;
            }
        }
        return k;
    }

    /** A standard normal number (Box-Muller, one of the pair), from two uniforms of the stream. */
    static double normal(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
