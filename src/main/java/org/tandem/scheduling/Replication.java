package org.tandem.scheduling;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.tandem.scheduling.SimulationResult.Metric;
import org.tandem.scheduling.SimulationSettings.Interruption;

/**
 * One replication of the discrete-event simulation (the model is described on {@link Simulation}). Time is in minutes
 * since Monday 0:00 of the first simulated week. The events are the handoff needs (known in advance, in time order)
 * and the moments a BHC can next take one (the end of their current handoff or the start of their next block that
 * takes handoffs); with needs waiting, the earliest of those serves the longest-waiting need still within its patience.
 * Not thread-safe; each replication has its own instance.
 */
final class Replication {

    static final double NEVER = Double.POSITIVE_INFINITY;

    private static final byte FREE = 0;
    private static final byte ATTENDED = 1;
    private static final byte NO_SHOW = 2;

    private final TemplateModel model;
    private final SimulationSettings settings;
    private final long seed;
    /** Booking of each counseling and brief occurrence: free, booked and attended, booked and not attended. */
    private final byte[][] status;
    /** Per BHC, the first occurrence that may still take a handoff (everything before it never will). */
    private final int[] scan;
    private final double[] busyUntil;
    private double handoffBusyMinutes;
    /** The moment {@link #earliest} found. */
    private double nextWake;

    private Replication(TemplateModel model, SimulationSettings settings, long seed) {
        this.model = model;
        this.settings = settings;
        this.seed = seed;
        int n = model.clinicianCount();
        this.status = new byte[n][];
        this.scan = new int[n];
        this.busyUntil = new double[n];
        for (int c = 0; c < n; c++) {
            status[c] = new byte[model.start[c].length];
        }
    }

    /** The metrics of one replication, indexed by {@link Metric#ordinal()}. */
    static double[] run(TemplateModel model, double[][] perWeek, SimulationSettings settings, long replicationSeed) {
        Replication replication = new Replication(model, settings, replicationSeed);
        return replication.simulate(Needs.generate(perWeek, settings, replicationSeed));
    }

    private double[] simulate(Needs needs) {
        prebook();
        int n = needs.count;
        double patience = settings.patienceMinutes();
        int[] queue = new int[n];
        int head = 0;
        int tail = 0;
        double[] waits = new double[n];
        int met = 0;
        int waited = 0;
        double waitSum = 0;
        int missed = 0;
        int asked = 0;
        int unmet = 0;
        int next = 0;
        double now = 0;
        while (true) {
            double arrival = next < n ? needs.time[next] : NEVER;
            if (head < tail) {
                int c = earliest(now);
                double wake = nextWake;
                if (wake == NEVER && arrival == NEVER) {
                    missed += tail - head;
                    break;
                }
                if (wake <= arrival) {
                    now = wake;
                    while (head < tail && needs.time[queue[head]] + patience < now) {
                        missed++;
                        head++;
                    }
                    if (head < tail) {
                        int j = queue[head++];
                        double wait = now - needs.time[j];
                        waits[met++] = wait;
                        waitSum += wait;
                        waited += wait > 0 ? 1 : 0;
                        if (serve(j, c, now, needs)) {
                            asked++;
                            unmet += bookReturnVisit(busyUntil[c]) ? 0 : 1;
                        }
                    }
                    continue;
                }
            }
            if (arrival == NEVER) {
                break;
            }
            now = arrival;
            int j = next++;
            int c = head == tail ? freeAt(now) : -1;
            if (c < 0) {
                queue[tail++] = j;
                continue;
            }
            waits[met++] = 0;
            if (serve(j, c, now, needs)) {
                asked++;
                unmet += bookReturnVisit(busyUntil[c]) ? 0 : 1;
            }
        }

        double attendedMinutes = 0;
        for (int c = 0; c < model.clinicianCount(); c++) {
            for (int i = 0; i < status[c].length && model.start[c][i] < model.horizon; i++) {
                if (status[c][i] == ATTENDED) {
                    attendedMinutes += model.end[c][i] - model.start[c][i];
                }
            }
        }
        double[] metrics = new double[Metric.values().length];
        metrics[Metric.HANDOFFS_MET.ordinal()] = n == 0 ? Double.NaN : (double) met / n;
        metrics[Metric.HANDOFFS_WAITED.ordinal()] = met == 0 ? Double.NaN : (double) waited / met;
        metrics[Metric.MEAN_WAIT.ordinal()] = met == 0 ? Double.NaN : waitSum / met;
        metrics[Metric.P90_WAIT.ordinal()] = met == 0 ? Double.NaN : percentile90(waits, met);
        metrics[Metric.UTILIZATION.ordinal()] = model.scheduledMinutes == 0 ? Double.NaN
                : (attendedMinutes + handoffBusyMinutes) / model.scheduledMinutes;
        metrics[Metric.BILLABLE_HOURS.ordinal()] = attendedMinutes / 60;
        metrics[Metric.UNMET_RETURN_VISITS.ordinal()] = unmet;
        metrics[Metric.HANDOFF_NEEDS.ordinal()] = n;
        metrics[Metric.RETURN_VISITS_ASKED.ordinal()] = asked;
        assert met + missed == n;
        return metrics;
    }

    /** Nearest rank: the smallest wait at least 90% of met handoffs did not exceed. */
    static double percentile90(double[] waits, int count) {
        double[] sorted = Arrays.copyOf(waits, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.9 * count);
        return sorted[Math.max(0, rank - 1)];
    }

    /** The existing caseload books each counseling slot with the set probability; each booked patient may not come. */
    private void prebook() {
        double share = settings.prebookedCounseling();
        if (share <= 0) {
            return;
        }
        long prebookKey = seed ^ Randoms.PREBOOKED;
        for (int c = 0; c < model.clinicianCount(); c++) {
            for (int i = 0; i < status[c].length; i++) {
                if (model.kind[c][i] == TemplateModel.COUNSELING
                        && Randoms.uniform(prebookKey, model.clinicianKeys[c], model.start[c][i]) < share) {
                    status[c][i] = attends(c, i) ? ATTENDED : NO_SHOW;
                }
            }
        }
    }

    private boolean attends(int c, int i) {
        return Randoms.uniform(seed ^ Randoms.NO_SHOW, model.clinicianKeys[c], model.start[c][i]) >= settings.noShow();
    }

    /**
     * Books a return visit into the first free counseling or brief slot (any BHC) from the day after the handoff, within
     * the booking window.
     */
    private boolean bookReturnVisit(double handoffEnd) {
        double from = (Math.floor(handoffEnd / TemplateModel.DAY) + 1) * TemplateModel.DAY;
        double until = handoffEnd + settings.returnVisitDays() * (double) TemplateModel.DAY;
        int k = Arrays.binarySearch(model.bookableStart, (int) from);
        if (k < 0) {
            k = -k - 1;
        } else {
            while (k > 0 && model.bookableStart[k - 1] == (int) from) {
                k--;
            }
        }
        for (; k < model.bookableStart.length && model.bookableStart[k] < until; k++) {
            int c = model.bookableClinician[k];
            int i = model.bookableIndex[k];
            if (status[c][i] == FREE) {
                status[c][i] = attends(c, i) ? ATTENDED : NO_SHOW;
                return true;
            }
        }
        return false;
    }

    /** Whether an occurrence takes handoffs under the settings. Once false it stays false (bookings only fill slots). */
    private boolean takesHandoffs(int c, int i) {
        switch (model.kind[c][i]) {
            case TemplateModel.OPEN_ACCESS:
                return true;
            case TemplateModel.ADMIN:
                return settings.adminTakesHandoffs();
            case TemplateModel.COUNSELING:
            case TemplateModel.BRIEF:
                Interruption norm = settings.interruption();
                return status[c][i] == ATTENDED ? norm == Interruption.ANY_VISIT : norm != Interruption.NONE;
            default:
                return false;
        }
    }

    /** 0: open access or admin (available); 1: an empty visit slot; 2: a visit with the patient present. */
    private int rank(int c, int i) {
        byte kind = model.kind[c][i];
        if (kind == TemplateModel.OPEN_ACCESS || kind == TemplateModel.ADMIN) {
            return 0;
        }
        return status[c][i] == ATTENDED ? 2 : 1;
    }

    /** The earliest moment at or after t at which BHC c is in a block that takes handoffs (moves their scan on). */
    private double wake(int c, double t) {
        int[] end = model.end[c];
        int i = scan[c];
        while (i < end.length && (end[i] <= t || !takesHandoffs(c, i))) {
            i++;
        }
        scan[c] = i;
        return i < end.length ? Math.max(t, model.start[c][i]) : NEVER;
    }

    /** A BHC free now in a block that takes handoffs: available before interruptible, then the longest idle; or -1. */
    private int freeAt(double now) {
        int best = -1;
        int bestRank = Integer.MAX_VALUE;
        for (int c = 0; c < busyUntil.length; c++) {
            if (busyUntil[c] <= now && wake(c, now) == now) {
                int rank = rank(c, scan[c]);
                if (rank < bestRank || rank == bestRank && busyUntil[c] < busyUntil[best]) {
                    best = c;
                    bestRank = rank;
                }
            }
        }
        return best;
    }

    /** The BHC who can next take a handoff (ties as in {@link #freeAt}), or -1 when nobody ever can again. */
    private int earliest(double now) {
        int best = -1;
        double bestWake = NEVER;
        int bestRank = Integer.MAX_VALUE;
        for (int c = 0; c < busyUntil.length; c++) {
            double wake = wake(c, Math.max(now, busyUntil[c]));
            if (wake == NEVER) {
                continue;
            }
            int rank = rank(c, scan[c]);
            if (wake < bestWake || wake == bestWake && (rank < bestRank || rank == bestRank && busyUntil[c] < busyUntil[best])) {
                best = c;
                bestWake = wake;
                bestRank = rank;
            }
        }
        nextWake = bestWake;
        return best;
    }

    /**
     * BHC c takes need j at time s. Busy time counts the handoff's minutes except those overlapping an attended visit
     * (already counted as the visit's). Returns whether the patient asks for a return visit.
     */
    private boolean serve(int j, int c, double s, Needs needs) {
        double e = s + needs.length[j];
        busyUntil[c] = e;
        double overlap = 0;
        int[] start = model.start[c];
        int[] end = model.end[c];
        for (int i = scan[c]; i < start.length && start[i] < e && start[i] < model.horizon; i++) {
            if (status[c][i] == ATTENDED) {
                overlap += Math.max(0, Math.min(e, end[i]) - Math.max(s, start[i]));
            }
        }
        handoffBusyMinutes += needs.length[j] - overlap;
        return needs.wantsReturn[j];
    }

    /**
     * The handoff needs of one replication, in time order: per weekday-hour cell of each simulated day a Poisson
     * number with the cell's weekly mean (each weekday occurs once a week), at uniform moments within the hour, each
     * with its length and whether it will ask for a return visit drawn at once, so that every template sees the same
     * needs.
     */
    static final class Needs {
        int count;
        double[] time;
        double[] length;
        boolean[] wantsReturn;

        static Needs generate(double[][] perWeek, SimulationSettings settings, long replicationSeed) {
            SplittableRandom random = Randoms.stream(replicationSeed, Randoms.ARRIVALS);
            double weekly = 0;
            for (double[] day : perWeek) {
                for (double cell : day) {
                    weekly += cell;
                }
            }
            Needs needs = new Needs();
            int capacity = (int) Math.min(Integer.MAX_VALUE - 8, weekly * settings.weeks() * 1.2 + 64);
            needs.time = new double[capacity];
            needs.length = new double[capacity];
            needs.wantsReturn = new boolean[capacity];
            double mean = settings.handoffMeanMinutes();
            boolean exponential = settings.handoffDuration() == SimulationSettings.Duration.EXPONENTIAL;
            double sigma = Math.sqrt(Math.log(1 + settings.handoffVariation() * settings.handoffVariation()));
            double mu = Math.log(mean) - sigma * sigma / 2;
            for (int day = 0; day < settings.weeks() * 7; day++) {
                double[] cells = perWeek[day % 7];
                for (int hour = 0; hour < 24; hour++) {
                    int k = Randoms.poisson(random, cells[hour]);
                    int first = needs.count;
                    double base = (double) day * TemplateModel.DAY + hour * 60;
                    for (int m = 0; m < k; m++) {
                        needs.grow();
                        int j = needs.count++;
                        needs.time[j] = base + 60 * random.nextDouble();
                        needs.length[j] = exponential ? -mean * Math.log(1 - random.nextDouble())
                                : Math.exp(mu + sigma * Randoms.normal(random));
                        needs.wantsReturn[j] = random.nextDouble() < settings.returnVisitShare();
                    }
                    needs.sortFrom(first);
                }
            }
            return needs;
        }

        private void grow() {
            if (count == time.length) {
                int size = Math.max(16, time.length * 2);
                time = Arrays.copyOf(time, size);
                length = Arrays.copyOf(length, size);
                wantsReturn = Arrays.copyOf(wantsReturn, size);
            }
        }

        /** Insertion sort of the hour's needs by time (a handful each). */
        private void sortFrom(int first) {
            for (int a = first + 1; a < count; a++) {
                double t = time[a];
                double l = length[a];
                boolean w = wantsReturn[a];
                int b = a - 1;
                while (b >= first && time[b] > t) {
                    time[b + 1] = time[b];
                    length[b + 1] = length[b];
                    wantsReturn[b + 1] = wantsReturn[b];
                    b--;
                }
                time[b + 1] = t;
                length[b + 1] = l;
                wantsReturn[b + 1] = w;
            }
        }
    }
}
