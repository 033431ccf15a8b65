package org.tandem.scheduling;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.tandem.scheduling.SimulationResult.Metric;

/**
 * {@code tandem bench simulate}: the time to simulate a year of clinic days x 100 replications for a realistic
 * practice (no database, no Spring).
 *
 * <p>The practice: {@code --bhcs} BHCs (3) working 8:00-17:00 Monday to Friday on one of three staggered day plans
 * (a 15-minute huddle at 8:00, four 60-minute counseling blocks, two 30-minute brief visits, three 30-minute
 * open-access slots, 105 minutes of admin time and a 30-minute lunch outside any block); {@code --pcps} PCPs (12)
 * each seeing {@code --visits} patients a day (18) between 8:00 and 17:00, more in mid-morning (hourly weights
 * {@link #HOUR_WEIGHTS}), of whom {@code --handoff-share} (6%) need a warm handoff. Everything else is the
 * simulation's defaults ({@link SimulationSettings#defaults()}).
 *
 * <p>Options: {@code --replications=100 --seed=1 --bhcs=3 --pcps=12 --runs=5 --weeks=52 --visits=18
 * --handoff-share=0.06 --suggest}. {@value #WARM_UP} warm-up runs are not counted; then {@code --runs} timed runs. With
 * {@code --suggest}, the search for better open-access times is timed once as well and its suggestions printed.
 */
public final class SimulationBench {

    /** Relative share of a PCP's visits in each hour from 8:00 to 16:00 (peaking 10:00-11:00, dipping at lunch). */
    static final double[] HOUR_WEIGHTS = { 0.8, 1.2, 1.4, 1.2, 0.5, 0.9, 1.1, 1.0, 0.7 };
    static final int FIRST_HOUR = 8;
    /** Untimed runs first, so the timed ones measure compiled code. */
    static final int WARM_UP = 3;

    /** Three day plans from 8:00 (kind, minutes; null kind = lunch, no block), staggered so open slots spread out. */
    private static final Object[][][] DAYS = {
            { { BlockKind.HUDDLE, 15 }, { BlockKind.OPEN_ACCESS, 30 }, { BlockKind.COUNSELING, 60 }, { BlockKind.BRIEF, 30 },
                    { BlockKind.OPEN_ACCESS, 30 }, { BlockKind.COUNSELING, 60 }, { BlockKind.ADMIN, 45 }, { null, 30 },
                    { BlockKind.COUNSELING, 60 }, { BlockKind.OPEN_ACCESS, 30 }, { BlockKind.BRIEF, 30 },
                    { BlockKind.COUNSELING, 60 }, { BlockKind.ADMIN, 60 } },
            { { BlockKind.HUDDLE, 15 }, { BlockKind.COUNSELING, 60 }, { BlockKind.OPEN_ACCESS, 30 }, { BlockKind.BRIEF, 30 },
                    { BlockKind.COUNSELING, 60 }, { BlockKind.OPEN_ACCESS, 30 }, { BlockKind.ADMIN, 45 }, { null, 30 },
                    { BlockKind.OPEN_ACCESS, 30 }, { BlockKind.COUNSELING, 60 }, { BlockKind.BRIEF, 30 },
                    { BlockKind.COUNSELING, 60 }, { BlockKind.ADMIN, 60 } },
            { { BlockKind.HUDDLE, 15 }, { BlockKind.BRIEF, 30 }, { BlockKind.COUNSELING, 60 }, { BlockKind.OPEN_ACCESS, 30 },
                    { BlockKind.COUNSELING, 60 }, { BlockKind.BRIEF, 30 }, { BlockKind.ADMIN, 45 }, { null, 30 },
                    { BlockKind.COUNSELING, 60 }, { BlockKind.OPEN_ACCESS, 30 }, { BlockKind.OPEN_ACCESS, 30 },
                    { BlockKind.COUNSELING, 60 }, { BlockKind.ADMIN, 60 } } };

    private SimulationBench() {
    }

    /** The benchmark practice's week and its handoff demand. */
    record Practice(List<TemplateBlock> template, double[][] handoffsPerWeek, double needsPerClinicDay) {
    }

    static Practice practice(int bhcs, int pcps, double visitsPerDay, double handoffShare) {
        List<TemplateBlock> blocks = new ArrayList<>();
        for (int c = 0; c < bhcs; c++) {
            UUID clinician = id("bench-bhc-" + c);
            for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
                LocalTime at = LocalTime.of(8, 0);
                for (Object[] part : DAYS[c % DAYS.length]) {
                    int minutes = (Integer) part[1];
                    if (part[0] != null) {
                        BlockKind kind = (BlockKind) part[0];
                        blocks.add(new TemplateBlock(id("bench-" + c + "-" + day + "-" + at), clinician, day, at, minutes, kind,
                                kind == BlockKind.OPEN_ACCESS ? 120 : null));
                    }
                    at = at.plusMinutes(minutes);
                }
            }
        }
        double perDay = pcps * visitsPerDay * handoffShare;
        double total = Arrays.stream(HOUR_WEIGHTS).sum();
        double[][] demand = new double[7][24];
        for (int day = 0; day < 5; day++) {
            for (int h = 0; h < HOUR_WEIGHTS.length; h++) {
                demand[day][FIRST_HOUR + h] = perDay * HOUR_WEIGHTS[h] / total;
            }
        }
        return new Practice(blocks, demand, perDay);
    }

    private static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** Runs the benchmark with the command line's options; returns the exit status. */
    public static int run(List<String> options) {
        return run(options, System.out);
    }

    static int run(List<String> options, PrintStream out) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String option : options) {
            int eq = option.indexOf('=');
            given.put(eq < 0 ? option.substring(2) : option.substring(2, eq), eq < 0 ? "" : option.substring(eq + 1));
        }
        List<String> known = List.of("replications", "seed", "bhcs", "pcps", "runs", "weeks", "visits", "handoff-share", "suggest");
        for (String name : given.keySet()) {
            if (!known.contains(name)) {
                out.println("Unknown option --" + name + ". Options: --replications=100 --seed=1 --bhcs=3 --pcps=12 --runs=5"
                        + " --weeks=52 --visits=18 --handoff-share=0.06 --suggest");
                return 2;
            }
        }
        int replications;
        long seed;
        int bhcs;
        int pcps;
        int runs;
        int weeks;
        double visits;
        double share;
        try {
            replications = Integer.parseInt(given.getOrDefault("replications", "100"));
            seed = Long.parseLong(given.getOrDefault("seed", "1"));
            bhcs = Integer.parseInt(given.getOrDefault("bhcs", "3"));
            pcps = Integer.parseInt(given.getOrDefault("pcps", "12"));
            runs = Integer.parseInt(given.getOrDefault("runs", "5"));
            weeks = Integer.parseInt(given.getOrDefault("weeks", "52"));
            visits = Double.parseDouble(given.getOrDefault("visits", "18"));
            share = Double.parseDouble(given.getOrDefault("handoff-share", "0.06"));
        } catch (NumberFormatException e) {
            out.println("Options must be numbers: " + e.getMessage());
            return 2;
        }
        if (bhcs < 1 || pcps < 0 || runs < 1 || visits < 0 || share < 0 || share > 1) {
            out.println("Need --bhcs >= 1, --pcps >= 0, --runs >= 1, --visits >= 0 and 0 <= --handoff-share <= 1.");
            return 2;
        }
        SimulationSettings settings;
        try {
            settings = SimulationSettings.defaults().withReplications(replications).withSeed(seed).withWeeks(weeks);
        } catch (InvalidScheduleData e) {
            out.println(String.join(" ", e.problems()));
            return 2;
        }
        Practice practice = practice(bhcs, pcps, visits, share);

        Runtime runtime = Runtime.getRuntime();
        out.println("Tandem template simulation benchmark");
        out.printf(Locale.ROOT, "machine     %d cores, %s %s (%s), %s %s, max heap %d MB%n", runtime.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("java.vm.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"),
                runtime.maxMemory() / (1024 * 1024));
        out.printf(Locale.ROOT, "practice    %d BHCs (%d blocks a week), %d PCPs x %s visits a day, %s%% need a handoff: "
                + "%.2f handoff needs a clinic day%n", bhcs, practice.template().size(), pcps, number(visits), number(share * 100),
                practice.needsPerClinicDay());
        out.printf(Locale.ROOT, "data size   %d weeks x %d replications = %,d simulated clinic weeks, seed %d%n", weeks, replications,
                (long) weeks * replications, seed);

        for (int w = 1; w <= WARM_UP; w++) {
            run(practice, settings, "warm-up " + w, out);
        }
        double[] seconds = new double[runs];
        SimulationResult result = null;
        for (int r = 0; r < runs; r++) {
            long started = System.nanoTime();
            result = run(practice, settings, "run " + (r + 1) + "/" + runs, out);
            seconds[r] = (System.nanoTime() - started) / 1e9;
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        double median = runs % 2 == 1 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2;
        out.println();
        out.printf(Locale.ROOT, "wall time   median %.3f s (min %.3f s, max %.3f s) over %d runs of %d replications%n", median,
                sorted[0], sorted[runs - 1], runs, replications);
        out.printf(Locale.ROOT, "throughput  %.1f replications/s (%,.0f simulated clinic weeks/s)%n", replications / median,
                replications * (double) weeks / median);
        out.println();
        out.println("Results (mean and 95% confidence interval over replications)");
        for (Metric metric : Metric.values()) {
            Estimate e = result.estimate(metric);
            out.printf(Locale.ROOT, "  %-40s %s%n", label(metric, weeks), format(metric, e));
        }
        if (given.containsKey("suggest")) {
            suggest(practice, settings, out);
        }
        return 0;
    }

    private static SimulationResult run(Practice practice, SimulationSettings settings, String label, PrintStream out) {
        boolean console = out == System.out && System.console() != null;
        int[] shown = { 0 };
        out.printf(Locale.ROOT, "%-12s", label);
        SimulationResult result = Simulation.run(practice.template(), practice.handoffsPerWeek(), settings, (done, total) -> {
            synchronized (shown) {
                int quarter = total == 0 ? 4 : done * 4 / total;
                if (console) {
                    out.printf(Locale.ROOT, "\r%-12s%3d/%d replications", label, done, total);
                } else if (quarter > shown[0]) {
                    out.printf(Locale.ROOT, " %d%%", quarter * 25);
                }
                shown[0] = Math.max(shown[0], quarter);
                out.flush();
            }
        });
        out.println();
        return result;
    }

    private static void suggest(Practice practice, SimulationSettings settings, PrintStream out) {
        int moves = TemplateSearch.moves(practice.template(), settings).size();
        out.println();
        out.printf(Locale.ROOT, "Suggestions: %d candidate moves x %d screening replications, best %d confirmed with %d%n", moves,
                TemplateSearch.SCREENING_REPLICATIONS, TemplateSearch.CONFIRMED, settings.replications());
        int[] shown = { 0 };
        long started = System.nanoTime();
        List<Suggestion> suggestions = Simulation.suggest(practice.template(), practice.handoffsPerWeek(), settings,
                TemplateSearch.SCREENING_REPLICATIONS, (done, total) -> {
                    synchronized (shown) {
                        int tenth = done * 10 / total;
                        if (tenth > shown[0]) {
                            shown[0] = tenth;
                            out.printf(Locale.ROOT, " %d%%", tenth * 10);
                            out.flush();
                        }
                    }
                });
        out.println();
        out.printf(Locale.ROOT, "search time %.3f s%n", (System.nanoTime() - started) / 1e9);
        if (suggestions.isEmpty()) {
            out.println("  no change found whose gain in handoffs met has a 95% confidence interval above zero");
        }
        for (Suggestion s : suggestions) {
            out.printf(Locale.ROOT, "  %s: handoffs met %s -> %s, billable hours %s -> %s%n",
                    s.describe("BHC " + (1 + bhcIndex(s.clinician()))),
                    format(Metric.HANDOFFS_MET, s.handoffsMetBefore()), format(Metric.HANDOFFS_MET, s.handoffsMetAfter()),
                    format(Metric.BILLABLE_HOURS, s.billableHoursBefore()), format(Metric.BILLABLE_HOURS, s.billableHoursAfter()));
        }
    }

    private static int bhcIndex(UUID clinician) {
        for (int c = 0; c < 1000; c++) {
            if (id("bench-bhc-" + c).equals(clinician)) {
                return c;
            }
        }
        return -1;
    }

    static String label(Metric metric, int weeks) {
        switch (metric) {
            case HANDOFFS_MET:
                return "handoff needs met in real time";
            case HANDOFFS_WAITED:
                return "met handoffs that waited";
            case MEAN_WAIT:
                return "mean wait of met handoffs (min)";
            case P90_WAIT:
                return "90th percentile wait (min)";
            case UTILIZATION:
                return "BHC utilization";
            case BILLABLE_HOURS:
                return "billable visit hours in " + weeks + " weeks";
            case UNMET_RETURN_VISITS:
                return "return visits not booked in time";
            case HANDOFF_NEEDS:
                return "handoff needs in " + weeks + " weeks";
            default:
                return "return visits asked for";
        }
    }

    static String format(Metric metric, Estimate e) {
        if (Double.isNaN(e.mean())) {
            return "-";
        }
        if (metric.share()) {
            return String.format(Locale.ROOT, "%.1f%% (%.1f-%.1f)", e.mean() * 100, e.low() * 100, e.high() * 100);
        }
        return String.format(Locale.ROOT, "%,.1f (%,.1f-%,.1f)", e.mean(), e.low(), e.high());
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
