package org.tandem.scheduling;

import java.util.ArrayList;
import java.util.List;

/**
 * The assumptions of a template simulation (see {@link Simulation} for the model they feed). Every value has a
 * default ({@link #defaults()}); the compact constructor refuses values the model cannot use.
 *
 * @param weeks clinic weeks simulated per replication (52: a year)
 * @param replications independent replications of those weeks (100)
 * @param seed the seed every random draw derives from; the same seed gives the same result
 * @param patienceMinutes how long a patient who needs a handoff waits in clinic for a BHC before leaving (20);
 *        {@link Double#POSITIVE_INFINITY} waits for ever (used to check the model against queueing theory)
 * @param handoffMeanMinutes mean length of a warm handoff (20)
 * @param handoffDuration the distribution of handoff lengths ({@link Duration#LOGNORMAL} by default)
 * @param handoffVariation coefficient of variation (standard deviation / mean) of lognormal handoff lengths (0.5);
 *        not used for exponential lengths (whose coefficient of variation is 1)
 * @param interruption which scheduled visits a handoff may be taken from ({@link Interruption#UNBOOKED_VISITS})
 * @param adminTakesHandoffs whether a BHC in admin time takes handoffs like one in an open-access slot (true)
 * @param returnVisitShare share of handoffs met that ask for a return visit (0.4)
 * @param returnVisitDays a return visit must be booked within this many days of the handoff (14)
 * @param prebookedCounseling probability that a counseling slot is already booked by the existing caseload (0.7)
 * @param noShow probability that a booked patient does not come (0.15)
 */
public record SimulationSettings(int weeks, int replications, long seed, double patienceMinutes, double handoffMeanMinutes,
        Duration handoffDuration, double handoffVariation, Interruption interruption, boolean adminTakesHandoffs,
        double returnVisitShare, int returnVisitDays, double prebookedCounseling, double noShow) {

    public static final int MAX_WEEKS = 104;
    public static final int MAX_REPLICATIONS = 1000;

    /** How handoff lengths are distributed. */
    public enum Duration {
        /** Lognormal with the given mean and coefficient of variation: never negative, a long right tail. */
        LOGNORMAL,
        /** Exponential with the given mean (memoryless; the M/M/c queueing model's assumption). */
        EXPONENTIAL
    }

    /** Which scheduled counseling and brief visits a BHC may step out of (or use) to take a handoff. */
    public enum Interruption {
        /** Only open-access slots (and admin time, when it counts) take handoffs. */
        NONE,
        /** Also counseling and brief slots with nobody in them: unbooked, or the patient did not come. */
        UNBOOKED_VISITS,
        /** Also booked visits with the patient present: the practice's norm lets a handoff interrupt a session. */
        ANY_VISIT
    }

    public SimulationSettings {
        List<String> problems = new ArrayList<>();
        if (weeks < 1 || weeks > MAX_WEEKS) {
            problems.add("Weeks to simulate must be between 1 and " + MAX_WEEKS + ".");
        }
        if (replications < 1 || replications > MAX_REPLICATIONS) {
            problems.add("Replications must be between 1 and " + MAX_REPLICATIONS + ".");
        }
        if (!(patienceMinutes >= 0)) {
            problems.add("Patience must be zero or more minutes.");
        }
        if (!(handoffMeanMinutes > 0) || Double.isInfinite(handoffMeanMinutes)) {
            problems.add("The mean handoff length must be more than zero minutes.");
        }
        if (handoffDuration == null) {
            problems.add("Choose how handoff lengths are distributed.");
        }
        if (!(handoffVariation > 0) || Double.isInfinite(handoffVariation)) {
            problems.add("The variation of handoff lengths must be more than zero.");
        }
        if (interruption == null) {
            problems.add("Choose which visits a handoff may interrupt.");
        }
        if (!(returnVisitShare >= 0 && returnVisitShare <= 1)) {
            problems.add("The share of handoffs asking for a return visit must be between 0 and 1.");
        }
        if (returnVisitDays < 1 || returnVisitDays > 90) {
            problems.add("Return visits must be booked within 1 to 90 days.");
        }
        if (!(prebookedCounseling >= 0 && prebookedCounseling <= 1)) {
            problems.add("The share of counseling slots already booked must be between 0 and 1.");
        }
        if (!(noShow >= 0 && noShow <= 1)) {
            problems.add("The no-show rate must be between 0 and 1.");
        }
        if (!problems.isEmpty()) {
            throw new InvalidScheduleData(problems);
        }
    }

    /** A year, 100 replications, seed 1, and the defaults named on each parameter. */
    public static SimulationSettings defaults() {
        return new SimulationSettings(52, 100, 1L, 20, 20, Duration.LOGNORMAL, 0.5, Interruption.UNBOOKED_VISITS, true,
                0.4, 14, 0.7, 0.15);
    }

    public SimulationSettings withSeed(long seed) {
        return new SimulationSettings(weeks, replications, seed, patienceMinutes, handoffMeanMinutes, handoffDuration,
                handoffVariation, interruption, adminTakesHandoffs, returnVisitShare, returnVisitDays, prebookedCounseling, noShow);
    }

    public SimulationSettings withReplications(int replications) {
        return new SimulationSettings(weeks, replications, seed, patienceMinutes, handoffMeanMinutes, handoffDuration,
                handoffVariation, interruption, adminTakesHandoffs, returnVisitShare, returnVisitDays, prebookedCounseling, noShow);
    }

    public SimulationSettings withWeeks(int weeks) {
        return new SimulationSettings(weeks, replications, seed, patienceMinutes, handoffMeanMinutes, handoffDuration,
                handoffVariation, interruption, adminTakesHandoffs, returnVisitShare, returnVisitDays, prebookedCounseling, noShow);
    }

    public SimulationSettings withPatience(double patienceMinutes) {
        return new SimulationSettings(weeks, replications, seed, patienceMinutes, handoffMeanMinutes, handoffDuration,
                handoffVariation, interruption, adminTakesHandoffs, returnVisitShare, returnVisitDays, prebookedCounseling, noShow);
    }

    public SimulationSettings withHandoffs(Duration duration, double meanMinutes) {
        return new SimulationSettings(weeks, replications, seed, patienceMinutes, meanMinutes, duration, handoffVariation,
                interruption, adminTakesHandoffs, returnVisitShare, returnVisitDays, prebookedCounseling, noShow);
    }

    public SimulationSettings withInterruption(Interruption interruption, boolean adminTakesHandoffs) {
        return new SimulationSettings(weeks, replications, seed, patienceMinutes, handoffMeanMinutes, handoffDuration,
                handoffVariation, interruption, adminTakesHandoffs, returnVisitShare, returnVisitDays, prebookedCounseling, noShow);
    }

    public SimulationSettings withVisits(double returnVisitShare, int returnVisitDays, double prebookedCounseling, double noShow) {
        return new SimulationSettings(weeks, replications, seed, patienceMinutes, handoffMeanMinutes, handoffDuration,
                handoffVariation, interruption, adminTakesHandoffs, returnVisitShare, returnVisitDays, prebookedCounseling, noShow);
    }
}
