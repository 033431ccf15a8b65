package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tandem.scheduling.SimulationResult.Metric;
import org.tandem.scheduling.SimulationSettings.Duration;
import org.tandem.scheduling.SimulationSettings.Interruption;

/** The template simulation on hand-built cases whose answers are known. */
class SimulationTest {

    static final UUID DANA = id("dana");
    static final UUID LEE = id("lee");
    static final UUID SAM = id("sam");
    static final List<DayOfWeek> WEEKDAYS = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
            DayOfWeek.FRIDAY);

    static final SimulationSettings QUICK = SimulationSettings.defaults().withWeeks(8).withReplications(20);

    @Test
    void demandOnlyWhenNobodyCanTakeAHandoffMeetsNone() {
        // Dana: open access 8:00-12:00 and a booked counseling afternoon that no handoff may interrupt
        List<TemplateBlock> week = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            week.add(block(DANA, day, 8, 0, 240, BlockKind.OPEN_ACCESS));
            for (int hour = 13; hour < 17; hour++) {
                week.add(block(DANA, day, hour, 0, 60, BlockKind.COUNSELING));
            }
        }
        double[][] demand = new double[7][24];
        for (int day = 0; day < 5; day++) {
            demand[day][14] = 2;
            demand[day][15] = 2;
        }
        // weekend demand: nobody works then
        demand[5][10] = 4;
        SimulationSettings everyoneComes = QUICK.withVisits(0.4, 14, 1.0, 0.0);

        SimulationResult result = Simulation.run(week, demand, everyoneComes, Simulation.Progress.NONE);

        assertThat(result.estimate(Metric.HANDOFF_NEEDS).mean()).isGreaterThan(100);
        assertThat(result.values(Metric.HANDOFFS_MET)).containsOnly(0.0);
        assertThat(result.estimate(Metric.HANDOFFS_MET)).isEqualTo(new Estimate(0, 0, 0));
        assertThat(result.estimate(Metric.MEAN_WAIT).mean()).isNaN();
        assertThat(result.estimate(Metric.RETURN_VISITS_ASKED).mean()).isZero();

        // the same afternoon, with the norm allowing handoffs to interrupt booked visits, meets them
        SimulationResult interrupting = Simulation.run(week, demand, everyoneComes.withInterruption(Interruption.ANY_VISIT, true),
                Simulation.Progress.NONE);
        assertThat(interrupting.estimate(Metric.HANDOFFS_MET).mean()).isGreaterThan(0.5);
    }

    @Test
    void allDayOpenAccessWithTinyDemandMeetsNearlyEveryHandoffAtOnce() {
        List<TemplateBlock> week = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            week.add(block(DANA, day, 8, 0, 540, BlockKind.OPEN_ACCESS));
        }
        double[][] demand = new double[7][24];
        for (int day = 0; day < 5; day++) {
            for (int hour = 8; hour < 17; hour++) {
                demand[day][hour] = 0.1;
            }
        }

        SimulationResult result = Simulation.run(week, demand, QUICK.withWeeks(52), Simulation.Progress.NONE);

        assertThat(result.estimate(Metric.HANDOFF_NEEDS).mean()).isCloseTo(0.1 * 45 * 52, offset(10.0));
        assertThat(result.estimate(Metric.HANDOFFS_MET).mean()).isGreaterThan(0.99);
        assertThat(result.estimate(Metric.MEAN_WAIT).mean()).isLessThan(1.0);
        assertThat(result.estimate(Metric.P90_WAIT).mean()).isZero();
        // no counseling or brief slots: nothing billable, and every return visit asked for goes unmet
        assertThat(result.estimate(Metric.BILLABLE_HOURS).mean()).isZero();
        assertThat(result.values(Metric.UNMET_RETURN_VISITS)).isEqualTo(result.values(Metric.RETURN_VISITS_ASKED));
    }

    /**
     * M/M/c: Poisson arrivals at rate lambda, c BHCs on open access around the clock, exponential handoffs, patients
     * who wait as long as it takes. Erlang C gives the probability of waiting, Wq = C / (c mu - lambda) the mean wait
     * (e.g. Gross and Harris, Fundamentals of Queueing Theory, 4th ed., 2.3). Tolerance: 0.02 on the probability, 5%
     * on the mean wait (52 weeks x 20 replications; the simulation starts empty, a negligible bias over a year).
     */
    @ParameterizedTest
    @CsvSource({ "2, 3.0, 30", "3, 4.0, 30", "1, 1.5, 20" })
    void openAccessAroundTheClockIsAnMMcQueue(int c, double perHour, double meanMinutes) {
        List<TemplateBlock> week = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            for (DayOfWeek day : DayOfWeek.values()) {
                week.add(block(id("bhc-" + k), day, 0, 0, 24 * 60, BlockKind.OPEN_ACCESS));
            }
        }
        double[][] demand = new double[7][24];
        for (double[] day : demand) {
            java.util.Arrays.fill(day, perHour);
        }
        SimulationSettings settings = SimulationSettings.defaults().withWeeks(52).withReplications(20)
                .withPatience(Double.POSITIVE_INFINITY).withHandoffs(Duration.EXPONENTIAL, meanMinutes);

        SimulationResult result = Simulation.run(week, demand, settings, Simulation.Progress.NONE);

        double mu = 60 / meanMinutes;
        double erlangC = erlangC(c, perHour / mu);
        double wq = erlangC / (c * mu - perHour) * 60;
        assertThat(result.estimate(Metric.HANDOFFS_MET).mean()).isEqualTo(1.0);
        assertThat(result.estimate(Metric.HANDOFFS_WAITED).mean()).isCloseTo(erlangC, offset(0.02));
        assertThat(result.estimate(Metric.MEAN_WAIT).mean()).isCloseTo(wq, offset(0.05 * wq));
        assertThat(result.estimate(Metric.UTILIZATION).mean()).isCloseTo(perHour / mu / c, offset(0.01));
    }

    static double erlangC(int c, double a) {
        double term = 1;
        double sum = 0;
        for (int k = 0; k < c; k++) {
            sum += term;
            term *= a / (k + 1);
        }
        double top = term * c / (c - a);
        return top / (sum + top);
    }

    @Test
    void theSameSeedGivesTheSameResultWhateverTheThreadsAndDifferentSeedsDiffer() {
        List<TemplateBlock> week = mixedWeek();
        double[][] demand = morningDemand(6);
        SimulationResult first = Simulation.run(week, demand, QUICK, Simulation.Progress.NONE);
        SimulationResult again = Simulation.run(shuffled(week), demand, QUICK, Simulation.Progress.NONE);
        SimulationResult oneThread;
        try (Runner runner = new Runner(1, Simulation.Progress.NONE)) {
            oneThread = runner.result(Simulation.model(week, QUICK), demand, QUICK);
        }
        SimulationResult otherSeed = Simulation.run(week, demand, QUICK.withSeed(2), Simulation.Progress.NONE);

        for (Metric metric : Metric.values()) {
            assertThat(again.values(metric)).as(metric.code()).containsExactly(first.values(metric));
            assertThat(oneThread.values(metric)).as(metric.code()).containsExactly(first.values(metric));
        }
        assertThat(first.estimates()).isEqualTo(again.estimates());
        assertThat(otherSeed.values(Metric.HANDOFF_NEEDS)).isNotEqualTo(first.values(Metric.HANDOFF_NEEDS));
        assertThat(otherSeed.estimate(Metric.HANDOFFS_MET)).isNotEqualTo(first.estimate(Metric.HANDOFFS_MET));
        // replication r is the same whether 20 or 40 are run
        SimulationResult more = Simulation.run(week, demand, QUICK.withReplications(40), Simulation.Progress.NONE);
        assertThat(java.util.Arrays.copyOf(more.values(Metric.HANDOFFS_MET), 20)).containsExactly(first.values(Metric.HANDOFFS_MET));
    }

    @Test
    void theConfidenceIntervalNarrowsWithMoreReplicationsAndHoldsTheMean() {
        List<TemplateBlock> week = mixedWeek();
        double[][] demand = morningDemand(6);
        Estimate few = Simulation.run(week, demand, QUICK.withReplications(10), Simulation.Progress.NONE).estimate(Metric.HANDOFFS_MET);
        Estimate many = Simulation.run(week, demand, QUICK.withReplications(160), Simulation.Progress.NONE).estimate(Metric.HANDOFFS_MET);

        assertThat(many.halfWidth()).isLessThan(few.halfWidth() / 2);
        assertThat(few.low()).isLessThan(few.mean());
        assertThat(few.high()).isGreaterThan(few.mean());
        // the needs per week are Poisson with the demand's total as mean: the interval holds it
        Estimate needs = Simulation.run(week, demand, QUICK.withReplications(160), Simulation.Progress.NONE)
                .estimate(Metric.HANDOFF_NEEDS);
        double expected = 6 * 3 * 5 * 8;
        assertThat(needs.low()).isLessThan(expected);
        assertThat(needs.high()).isGreaterThan(expected);
    }

    @Test
    void progressCountsEveryReplication() {
        AtomicInteger last = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        Simulation.run(mixedWeek(), morningDemand(2), QUICK, (done, total) -> {
            calls.incrementAndGet();
            last.accumulateAndGet(done, Math::max);
            assertThat(total).isEqualTo(20);
        });
        assertThat(calls.get()).isEqualTo(20);
        assertThat(last.get()).isEqualTo(20);
    }

    @Test
    void aTemplateComparedWithItselfDiffersByExactlyZero() {
        List<TemplateBlock> week = mixedWeek();
        TemplateComparison comparison = Simulation.compare(week, shuffled(week), morningDemand(6), QUICK, Simulation.Progress.NONE);

        for (Metric metric : Metric.values()) {
            Estimate difference = comparison.difference(metric);
            if (metric == Metric.MEAN_WAIT || metric == Metric.P90_WAIT || metric == Metric.HANDOFFS_WAITED) {
                assertThat(difference.mean()).as(metric.code()).isIn(0.0, Double.NaN);
            } else {
                assertThat(difference).as(metric.code()).isEqualTo(new Estimate(0, 0, 0));
            }
        }
    }

    @Test
    void aComparisonPairsReplicationsSoTheDifferenceIsPreciserThanEitherResult() {
        List<TemplateBlock> a = mixedWeek();
        List<TemplateBlock> b = new ArrayList<>(a);
        // B: Dana's Monday 13:00 counseling becomes open access
        b.replaceAll(x -> x.clinician().equals(DANA) && x.day() == DayOfWeek.MONDAY && x.start().equals(LocalTime.of(13, 0))
                ? new TemplateBlock(x.id(), x.clinician(), x.day(), x.start(), x.minutes(), BlockKind.OPEN_ACCESS, 0) : x);
        double[][] demand = morningDemand(3);
        demand[0][13] = 4;

        TemplateComparison comparison = Simulation.compare(a, b, demand, QUICK, Simulation.Progress.NONE);

        Estimate gain = comparison.difference(Metric.HANDOFFS_MET);
        assertThat(gain.above(0)).isTrue();
        assertThat(gain.halfWidth()).isLessThan(comparison.a().estimate(Metric.HANDOFFS_MET).halfWidth());
        assertThat(comparison.difference(Metric.BILLABLE_HOURS).below(0)).isTrue();
    }

    @Test
    void noShowsFreeTheClinicianAndAreNotBillable() {
        List<TemplateBlock> week = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            for (int hour = 9; hour < 13; hour++) {
                week.add(block(DANA, day, hour, 0, 60, BlockKind.COUNSELING));
            }
            week.add(block(DANA, day, 13, 0, 60, BlockKind.ADMIN));
        }
        double[][] demand = morningDemand(2);
        SimulationSettings nobodyComes = QUICK.withVisits(0, 14, 1.0, 1.0);
        SimulationSettings everyoneComes = QUICK.withVisits(0, 14, 1.0, 0.0);

        SimulationResult empty = Simulation.run(week, demand, nobodyComes, Simulation.Progress.NONE);
        SimulationResult full = Simulation.run(week, demand, everyoneComes, Simulation.Progress.NONE);

        assertThat(empty.estimate(Metric.BILLABLE_HOURS).mean()).isZero();
        // a slot whose patient did not come is as good as open access for handoffs
        List<TemplateBlock> open = new ArrayList<>(week);
        open.replaceAll(b -> b.kind() == BlockKind.COUNSELING
                ? new TemplateBlock(b.id(), b.clinician(), b.day(), b.start(), b.minutes(), BlockKind.OPEN_ACCESS, 0) : b);
        SimulationResult openAccess = Simulation.run(open, demand, nobodyComes, Simulation.Progress.NONE);
        assertThat(empty.estimate(Metric.HANDOFFS_MET).mean()).isGreaterThan(0.7);
        assertThat(empty.values(Metric.HANDOFFS_MET)).containsExactly(openAccess.values(Metric.HANDOFFS_MET));
        assertThat(empty.values(Metric.MEAN_WAIT)).containsExactly(openAccess.values(Metric.MEAN_WAIT));
        // every counseling hour attended: 4 hours x 5 days x 8 weeks; demand is 9:00-12:00, all inside booked visits
        assertThat(full.values(Metric.BILLABLE_HOURS)).containsOnly(4.0 * 5 * 8);
        assertThat(full.values(Metric.HANDOFFS_MET)).containsOnly(0.0);
        // no handoffs taken: busy time is the attended visits over the scheduled 5 hours a day
        assertThat(full.values(Metric.UTILIZATION)).containsOnly(4.0 / 5);
    }

    @Test
    void returnVisitsFillFreeSlotsWithinTheWindowAndTheRestGoUnmet() {
        List<TemplateBlock> week = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            week.add(block(DANA, day, 9, 0, 180, BlockKind.OPEN_ACCESS));
            week.add(block(DANA, day, 14, 0, 30, BlockKind.BRIEF));
        }
        double[][] demand = morningDemand(1);
        SimulationSettings everyoneReturns = QUICK.withVisits(1.0, 14, 0.7, 0.0);

        SimulationResult result = Simulation.run(week, demand, everyoneReturns, Simulation.Progress.NONE);

        // one brief slot a day for about 3 return visits asked a day: at most one a day is booked and attended
        double[] asked = result.values(Metric.RETURN_VISITS_ASKED);
        double[] unmet = result.values(Metric.UNMET_RETURN_VISITS);
        double[] hours = result.values(Metric.BILLABLE_HOURS);
        for (int r = 0; r < asked.length; r++) {
            assertThat(unmet[r]).isGreaterThan(0).isLessThan(asked[r]);
            assertThat(asked[r] - unmet[r]).isGreaterThanOrEqualTo(hours[r] * 2);
        }
        assertThat(result.estimate(Metric.BILLABLE_HOURS).mean()).isGreaterThan(0.5 * 8 * 5 * 0.9);
        // brief slots were never pre-booked: no return visit asked, nothing billable
        SimulationResult none = Simulation.run(week, demand, QUICK.withVisits(0.0, 14, 0.7, 0.0), Simulation.Progress.NONE);
        assertThat(none.values(Metric.BILLABLE_HOURS)).containsOnly(0.0);
    }

    @Test
    void aSuggestionMovesOpenAccessFromAnHourWithoutDemandToWhereItIsNeeded() {
        // a deliberately bad week: open access first and last thing, when nobody needs a handoff; brief visits at the
        // mid-morning peak; handoffs may not interrupt visits
        List<TemplateBlock> week = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            week.add(block(DANA, day, 8, 0, 30, BlockKind.OPEN_ACCESS));
            week.add(block(DANA, day, 8, 30, 90, BlockKind.COUNSELING));
            week.add(block(DANA, day, 10, 0, 30, BlockKind.BRIEF));
            week.add(block(DANA, day, 10, 30, 30, BlockKind.BRIEF));
            week.add(block(DANA, day, 11, 0, 30, BlockKind.BRIEF));
            week.add(block(DANA, day, 11, 30, 90, BlockKind.COUNSELING));
            week.add(block(DANA, day, 16, 30, 30, BlockKind.OPEN_ACCESS));
        }
        double[][] demand = new double[7][24];
        for (int day = 0; day < 5; day++) {
            demand[day][10] = 1.5;
            demand[day][11] = 1.5;
        }
        SimulationSettings settings = SimulationSettings.defaults().withWeeks(12).withReplications(30)
                .withInterruption(Interruption.NONE, true);
        AtomicInteger total = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();

        List<Suggestion> suggestions = Simulation.suggest(week, demand, settings, 10, (d, t) -> {
            done.accumulateAndGet(d, Math::max);
            total.set(t);
        });

        assertThat(suggestions).isNotEmpty().hasSizeLessThanOrEqualTo(3);
        Suggestion best = suggestions.get(0);
        assertThat(best.clinician()).isEqualTo(DANA);
        assertThat(best.toStart().getHour()).isIn(10, 11);
        assertThat(best.swappedWith()).isEqualTo(BlockKind.BRIEF);
        assertThat(best.improvement().above(0)).isTrue();
        assertThat(best.handoffsMetBefore().mean()).isZero();
        assertThat(best.improvement().mean()).isGreaterThan(0.02);
        assertThat(best.describe("Dana")).matches("Move Dana's open-access slot from \\w+day (8:00|16:30) to \\w+day 1[01]:[03]0 "
                + "\\(swap with brief\\)");
        // the same bookable minutes as before, block for block
        assertThat(minutes(best.blocks(), BlockKind.BRIEF)).isEqualTo(minutes(week, BlockKind.BRIEF));
        assertThat(minutes(best.blocks(), BlockKind.COUNSELING)).isEqualTo(minutes(week, BlockKind.COUNSELING));
        assertThat(minutes(best.blocks(), BlockKind.OPEN_ACCESS)).isEqualTo(minutes(week, BlockKind.OPEN_ACCESS));
        assertThat(done.get()).isEqualTo(total.get());
    }

    @Test
    void noSuggestionWhenOpenAccessAlreadySitsWhereTheDemandIs() {
        List<TemplateBlock> week = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            week.add(block(DANA, day, 10, 0, 30, BlockKind.OPEN_ACCESS));
            week.add(block(DANA, day, 10, 30, 30, BlockKind.OPEN_ACCESS));
            week.add(block(DANA, day, 13, 0, 30, BlockKind.BRIEF));
        }
        double[][] demand = new double[7][24];
        for (int day = 0; day < 5; day++) {
            demand[day][10] = 1;
        }
        SimulationSettings settings = SimulationSettings.defaults().withWeeks(8).withReplications(20);

        assertThat(TemplateSearch.moves(week, settings)).hasSize(50);
        assertThat(Simulation.suggest(week, demand, settings, 10, Simulation.Progress.NONE)).isEmpty();
    }

    @Test
    void movesSwapOpenAccessWithBookableBlocksOfTheSameLengthOrIntoAdminTimeWhenThatMatters() {
        List<TemplateBlock> week = List.of(block(DANA, DayOfWeek.MONDAY, 8, 0, 30, BlockKind.OPEN_ACCESS),
                block(DANA, DayOfWeek.MONDAY, 9, 0, 30, BlockKind.BRIEF),
                block(DANA, DayOfWeek.MONDAY, 10, 0, 60, BlockKind.COUNSELING),
                block(DANA, DayOfWeek.MONDAY, 11, 0, 60, BlockKind.ADMIN),
                block(LEE, DayOfWeek.MONDAY, 9, 0, 30, BlockKind.BRIEF));

        List<TemplateSearch.Move> moves = TemplateSearch.moves(week, SimulationSettings.defaults());
        assertThat(moves).singleElement().satisfies(m -> {
            assertThat(m.target().kind()).isEqualTo(BlockKind.BRIEF);
            assertThat(m.target().clinician()).isEqualTo(DANA);
            assertThat(m.blocks()).anySatisfy(b -> assertThat(b).isEqualTo(new TemplateBlock(m.slot().id(), DANA, DayOfWeek.MONDAY,
                    LocalTime.of(9, 0), 30, BlockKind.OPEN_ACCESS, 0)));
        });

        List<TemplateSearch.Move> withAdmin = TemplateSearch.moves(week,
                SimulationSettings.defaults().withInterruption(Interruption.UNBOOKED_VISITS, false));
        assertThat(withAdmin).hasSize(3);
        assertThat(withAdmin).filteredOn(m -> m.target().kind() == BlockKind.ADMIN).extracting(TemplateSearch.Move::toStart)
                .containsExactly(LocalTime.of(11, 0), LocalTime.of(11, 30));
        TemplateSearch.Move second = withAdmin.get(2);
        assertThat(minutes(second.blocks(), BlockKind.ADMIN)).isEqualTo(60);
        assertThat(minutes(second.blocks(), BlockKind.OPEN_ACCESS)).isEqualTo(30);
        Simulation.model(second.blocks(), SimulationSettings.defaults());
    }

    @Test
    void overlappingBlocksAndBadDemandAreRefusedInPlainWords() {
        List<TemplateBlock> overlapping = List.of(block(DANA, DayOfWeek.MONDAY, 8, 0, 60, BlockKind.OPEN_ACCESS),
                block(DANA, DayOfWeek.MONDAY, 8, 30, 60, BlockKind.COUNSELING));
        assertThatThrownBy(() -> Simulation.run(overlapping, new double[7][24], QUICK, Simulation.Progress.NONE))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("overlap");
        assertThatThrownBy(() -> Simulation.run(mixedWeek(), new double[5][24], QUICK, Simulation.Progress.NONE))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("7 weekdays and 24 hours");
        double[][] negative = new double[7][24];
        negative[0][9] = -1;
        assertThatThrownBy(() -> Simulation.run(mixedWeek(), negative, QUICK, Simulation.Progress.NONE))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("zero or more");
        assertThatThrownBy(() -> QUICK.withReplications(0)).isInstanceOf(InvalidScheduleData.class)
                .hasMessageContaining("Replications");
        // the same BHC on two blocks that touch is fine
        Simulation.model(List.of(block(DANA, DayOfWeek.MONDAY, 8, 0, 60, BlockKind.OPEN_ACCESS),
                block(DANA, DayOfWeek.MONDAY, 9, 0, 60, BlockKind.COUNSELING), block(LEE, DayOfWeek.MONDAY, 8, 30, 60,
                        BlockKind.COUNSELING)), QUICK);
    }

    @Test
    void studentTQuantilesMatchTheTables() {
        assertThat(StudentT.quantile975(1)).isCloseTo(12.7062, offset(1e-4));
        assertThat(StudentT.quantile975(4)).isCloseTo(2.7764, offset(1e-4));
        assertThat(StudentT.quantile975(19)).isCloseTo(2.0930, offset(1e-4));
        assertThat(StudentT.quantile975(99)).isCloseTo(1.9842, offset(1e-4));
        assertThat(StudentT.quantile975(100_000)).isCloseTo(1.9600, offset(1e-4));
        assertThat(Estimate.of(new double[] { 1, 2, 3, Double.NaN })).satisfies(e -> {
            assertThat(e.mean()).isEqualTo(2.0);
            assertThat(e.halfWidth()).isCloseTo(4.3027 / Math.sqrt(3), offset(1e-4));
        });
    }

    @Test
    void theBenchPracticeHasThreeStaggeredBhcsAndTwelvePcpsWorthOfDemand() {
        SimulationBench.Practice practice = SimulationBench.practice(3, 12, 18, 0.06);
        assertThat(practice.needsPerClinicDay()).isCloseTo(12.96, offset(1e-9));
        double weekly = 0;
        for (double[] day : practice.handoffsPerWeek()) {
            for (double cell : day) {
                weekly += cell;
            }
        }
        assertThat(weekly).isCloseTo(12.96 * 5, offset(1e-9));
        assertThat(practice.handoffsPerWeek()[0][10]).isGreaterThan(practice.handoffsPerWeek()[0][8]);
        assertThat(practice.template().stream().map(TemplateBlock::clinician).distinct()).hasSize(3);
        // 8:00-17:00 with a 30-minute lunch: 510 minutes in blocks a day
        assertThat(practice.template().stream().mapToInt(TemplateBlock::minutes).sum()).isEqualTo(3 * 5 * 510);
        Simulation.model(practice.template(), SimulationSettings.defaults());

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        int status = SimulationBench.run(List.of("--replications=4", "--runs=1", "--weeks=2"),
                new java.io.PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        assertThat(out).contains("cores", "3 BHCs", "12 PCPs", "2 weeks x 4 replications", "median", "replications/s",
                "handoff needs met in real time");
        assertThat(SimulationBench.run(List.of("--nonsense=1"), new java.io.PrintStream(new java.io.ByteArrayOutputStream())))
                .isEqualTo(2);
    }

    // ---- fixtures ----

    /** Dana, Lee and Sam: counseling, brief, open access and admin through the weekday. */
    static List<TemplateBlock> mixedWeek() {
        List<TemplateBlock> week = new ArrayList<>();
        for (DayOfWeek day : WEEKDAYS) {
            week.add(block(DANA, day, 8, 0, 30, BlockKind.OPEN_ACCESS));
            week.add(block(DANA, day, 8, 30, 60, BlockKind.COUNSELING));
            week.add(block(DANA, day, 9, 30, 30, BlockKind.BRIEF));
            week.add(block(DANA, day, 10, 0, 30, BlockKind.OPEN_ACCESS));
            week.add(block(DANA, day, 10, 30, 60, BlockKind.COUNSELING));
            week.add(block(DANA, day, 13, 0, 60, BlockKind.COUNSELING));
            week.add(block(DANA, day, 14, 0, 60, BlockKind.ADMIN));
            week.add(block(LEE, day, 8, 0, 60, BlockKind.COUNSELING));
            week.add(block(LEE, day, 9, 0, 30, BlockKind.OPEN_ACCESS));
            week.add(block(LEE, day, 9, 30, 60, BlockKind.COUNSELING));
            week.add(block(LEE, day, 10, 30, 15, BlockKind.HUDDLE));
            week.add(block(LEE, day, 11, 0, 30, BlockKind.OPEN_ACCESS));
            week.add(block(SAM, day, 8, 0, 120, BlockKind.COUNSELING));
            week.add(block(SAM, day, 10, 0, 30, BlockKind.BRIEF));
            week.add(block(SAM, day, 10, 30, 60, BlockKind.ADMIN));
        }
        return week;
    }

    /** The given needs per hour from 9:00 to 12:00 on weekdays. */
    static double[][] morningDemand(double perHour) {
        double[][] demand = new double[7][24];
        for (int day = 0; day < 5; day++) {
            for (int hour = 9; hour < 12; hour++) {
                demand[day][hour] = perHour;
            }
        }
        return demand;
    }

    static List<TemplateBlock> shuffled(List<TemplateBlock> week) {
        List<TemplateBlock> copy = new ArrayList<>(week);
        Collections.shuffle(copy, new java.util.Random(7));
        return copy;
    }

    static int minutes(List<TemplateBlock> blocks, BlockKind kind) {
        return blocks.stream().filter(b -> b.kind() == kind).mapToInt(TemplateBlock::minutes).sum();
    }

    static TemplateBlock block(UUID clinician, DayOfWeek day, int hour, int minute, int minutes, BlockKind kind) {
        return new TemplateBlock(id(clinician + "-" + day + "-" + hour + ":" + minute), clinician, day, LocalTime.of(hour, minute),
                minutes, kind, kind == BlockKind.OPEN_ACCESS ? 0 : null);
    }

    static UUID id(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
