package org.tandem.scheduling;

import java.util.List;

/**
 * Template simulation: how well a weekly BHC template meets a practice's warm handoff demand, by discrete-event
 * simulation. Pure computation (no database, no Spring); results are reproducible from the seed.
 *
 * <h2>The model and its assumptions</h2>
 * <ul>
 * <li><b>Clinic time.</b> The template's week repeats for {@link SimulationSettings#weeks()} weeks (52: a year),
 * starting on a Monday at 0:00. The BHCs are the distinct clinicians of the template's blocks; a BHC is working only
 * inside their blocks. Holidays and absences are not modelled.</li>
 * <li><b>Handoff needs</b> arrive as a non-homogeneous Poisson process with a rate constant within each weekday-hour
 * cell: the number of needs in, say, Tuesday 10:00-11:00 of a given week is Poisson with mean equal to the demand
 * cell (average needs per week in that weekday-hour, as each weekday occurs once a week), and their moments are
 * uniform within the hour.</li>
 * <li><b>Who takes a handoff.</b> A BHC who is not already in a handoff takes it at once when they are in an
 * open-access slot or in admin time (available; admin only when {@link SimulationSettings#adminTakesHandoffs()}), or
 * in a counseling or brief slot that the interruption setting opens: by default ({@link
 * SimulationSettings.Interruption#UNBOOKED_VISITS}) an unbooked slot or one whose patient did not come; a booked visit
 * with the patient present only under {@link SimulationSettings.Interruption#ANY_VISIT} (the visit still takes place
 * and stays billable; the handoff's minutes inside it are not counted twice as busy time). Huddles and time outside
 * blocks never take handoffs. When several BHCs could take it, an available one is preferred to one in an empty visit
 * slot, who is preferred to one interrupting a visit; then the one idle longest. A handoff once started runs to its end
 * even past the end of the block (the next visit is assumed to absorb the delay).</li>
 * <li><b>Waiting.</b> A need nobody can take waits, first come first served, while the patient is still in clinic:
 * up to {@link SimulationSettings#patienceMinutes()} (20 min by default, the same for every patient). It is met when
 * a BHC becomes able to take it within that time (ends a handoff, or starts a block that takes handoffs), otherwise it
 * is missed (unmet in real time).</li>
 * <li><b>Handoff length</b>: lognormal with mean {@link SimulationSettings#handoffMeanMinutes()} (20 min) and
 * coefficient of variation {@link SimulationSettings#handoffVariation()} (0.5) by default, or exponential with that
 * mean.</li>
 * <li><b>Visits and billable time.</b> Each counseling slot is already booked by the existing caseload with
 * probability {@link SimulationSettings#prebookedCounseling()} (0.7); brief slots start free. A share {@link
 * SimulationSettings#returnVisitShare()} (40%) of met handoffs ask for a return visit, booked at the end of the handoff
 * into the first free counseling or brief slot of any BHC from the next day on and within {@link
 * SimulationSettings#returnVisitDays()} (14) days; when there is none the request is unmet. Open-access slots are not
 * used for return visits (their release happens on the day itself). Every booked patient fails to come with probability
 * {@link SimulationSettings#noShow()} (0.15); the slot is then empty (it takes handoffs like an unbooked one) and not
 * billable. Billable hours are the lengths of attended counseling and brief visits in the simulated weeks. The
 * simulation starts with no return visits booked from before its first week.</li>
 * <li><b>Utilization</b> is the BHCs' minutes with a patient (attended visits plus handoffs) over the minutes their
 * blocks schedule (all kinds, huddles and admin included).</li>
 * <li><b>Waits</b> are those of met handoffs; the 90th percentile is the nearest-rank one.</li>
 * <li><b>Replications and random numbers.</b> Replication r uses random streams derived from (seed, r) alone
 * (SplitMix64), so results are identical run to run whatever the number of threads. Needs, their lengths and their
 * return-visit wishes come from one stream; each slot's caseload booking and no-show from a hash of (replication,
 * BHC, slot start). Two templates compared with the same seed therefore face the same needs, and the same bookings
 * wherever they share a slot (common random numbers), which makes their difference precise. Each metric is reported
 * as the mean over replications with a 95% Student-t confidence interval (replications are independent and
 * identically distributed).</li>
 * </ul>
 * Replications run in parallel on as many threads as the machine has cores; a {@link Progress} callback counts them.
 */
public final class Simulation {

    private Simulation() {
    }

    /** Told how many replications are done out of how many; called from the simulation's threads. */
    @FunctionalInterface
    public interface Progress {

        Progress NONE = (done, total) -> {
        };

        void update(int done, int total);
    }

    /**
     * Simulates one template.
     *
     * @param template the week's blocks
     * @param handoffsPerWeek average handoff needs per week by [weekday 0 = Monday .. 6][hour 0..23]
     * @throws InvalidScheduleData when the template's blocks overlap or the demand is not 7 x 24 numbers of zero or more
     */
    public static SimulationResult run(List<TemplateBlock> template, double[][] handoffsPerWeek, SimulationSettings settings,
            Progress progress) {
        double[][] demand = checked(handoffsPerWeek);
        TemplateModel model = model(template, settings);
        try (Runner runner = new Runner(progress)) {
            runner.plan(settings.replications());
            return runner.result(model, demand, settings);
        }
    }

    /**
     * Simulates two templates with common random numbers (the same seed) and estimates B - A replication by
     * replication.
     */
    public static TemplateComparison compare(List<TemplateBlock> a, List<TemplateBlock> b, double[][] handoffsPerWeek,
            SimulationSettings settings, Progress progress) {
        double[][] demand = checked(handoffsPerWeek);
        TemplateModel modelA = model(a, settings);
        TemplateModel modelB = model(b, settings);
        try (Runner runner = new Runner(progress)) {
            runner.plan(2 * settings.replications());
            return TemplateComparison.of(runner.result(modelA, demand, settings), runner.result(modelB, demand, settings));
        }
    }

    /**
     * Proposes moving open-access slots to times where they meet more handoffs at equal bookable time (see
     * {@link TemplateSearch} for the search). Each suggestion's gain has a 95% confidence interval above zero; the list
     * is empty when no such change was found. Best first, at most three.
     *
     * @param screeningReplications replications per candidate while screening (10 is a good start)
     */
    public static List<Suggestion> suggest(List<TemplateBlock> template, double[][] handoffsPerWeek, SimulationSettings settings,
            int screeningReplications, Progress progress) {
        double[][] demand = checked(handoffsPerWeek);
        TemplateModel model = model(template, settings);
        List<TemplateSearch.Move> moves = TemplateSearch.moves(template, settings);
        try (Runner runner = new Runner(progress)) {
            runner.plan(settings.replications() + TemplateSearch.planned(moves.size(), screeningReplications, settings));
            SimulationResult baseline = runner.result(model, demand, settings);
            return TemplateSearch.suggest(runner, template, moves, demand, settings, screeningReplications, baseline);
        }
    }

    /** What the page runs: A, optionally B, and suggestions for A, as one job with one progress count. */
    record Study(SimulationResult a, TemplateComparison comparison, List<Suggestion> suggestions) {
    }

    static Study study(List<TemplateBlock> a, List<TemplateBlock> b, double[][] handoffsPerWeek, SimulationSettings settings,
            boolean suggest, Progress progress) {
        double[][] demand = checked(handoffsPerWeek);
        TemplateModel modelA = model(a, settings);
        TemplateModel modelB = b == null ? null : model(b, settings);
        List<TemplateSearch.Move> moves = suggest ? TemplateSearch.moves(a, settings) : List.of();
        try (Runner runner = new Runner(progress)) {
            runner.plan(planned(a, b, settings, suggest));
            SimulationResult resultA = runner.result(modelA, demand, settings);
            TemplateComparison comparison = modelB == null ? null
                    : TemplateComparison.of(resultA, runner.result(modelB, demand, settings));
            List<Suggestion> suggestions = suggest
                    ? TemplateSearch.suggest(runner, a, moves, demand, settings, TemplateSearch.SCREENING_REPLICATIONS, resultA)
                    : List.of();
            return new Study(resultA, comparison, suggestions);
        }
    }

    /** How many replications {@link #study} runs (what its progress counts up to). */
    static int planned(List<TemplateBlock> a, List<TemplateBlock> b, SimulationSettings settings, boolean suggest) {
        return settings.replications() * (b == null ? 1 : 2) + (suggest
                ? TemplateSearch.planned(TemplateSearch.moves(a, settings).size(), TemplateSearch.SCREENING_REPLICATIONS, settings)
                : 0);
    }

    static TemplateModel model(List<TemplateBlock> template, SimulationSettings settings) {
        return TemplateModel.of(template, settings.weeks(), TemplateSearch.tailWeeks(settings));
    }

    /** A copy of the demand, or a clinician-readable refusal. */
    static double[][] checked(double[][] perWeek) {
        if (perWeek == null || perWeek.length != 7) {
            throw new InvalidScheduleData("The handoff demand must give a number for each of the 7 weekdays and 24 hours.");
        }
        double[][] copy = new double[7][];
        for (int d = 0; d < 7; d++) {
            if (perWeek[d] == null || perWeek[d].length != 24) {
                throw new InvalidScheduleData("The handoff demand must give a number for each of the 7 weekdays and 24 hours.");
            }
            copy[d] = perWeek[d].clone();
            for (double cell : copy[d]) {
                if (!(cell >= 0) || Double.isInfinite(cell)) {
                    throw new InvalidScheduleData("Handoff demand must be zero or more in every hour.");
                }
            }
        }
        return copy;
    }
}
