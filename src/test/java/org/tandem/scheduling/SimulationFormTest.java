package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tandem.scheduling.SimulationPages.Form;

/** What the simulation page accepts and refuses, field by field. */
class SimulationFormTest {

    static final LocalDate TODAY = LocalDate.of(2026, 3, 2);
    static final ScheduleTemplate SPRING = template("Spring");
    static final ScheduleTemplate DRAFT = template("Draft");
    static final List<ScheduleTemplate> LIST = List.of(SPRING, DRAFT);

    @Test
    void theDefaultsAreAcceptedAsTheModelsDefaults() {
        Map<String, String> problems = new LinkedHashMap<>();
        Form form = Form.defaults(SPRING.id().toString(), "", SimulationPages.SOURCE_VISITS, TODAY);

        SimulationPages.Checked checked = SimulationPages.check(form, LIST, TODAY, problems);

        assertThat(problems).isEmpty();
        assertThat(checked.templateA()).isEqualTo(SPRING.id());
        assertThat(checked.templateB()).isNull();
        assertThat(checked.share()).isEqualTo(0.06);
        assertThat(checked.from()).isEqualTo(LocalDate.of(2025, 9, 1));
        assertThat(checked.to()).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(checked.settings()).isEqualTo(SimulationSettings.defaults());
    }

    @Test
    void everyBadFieldIsNamedWithItsProblem() {
        Map<String, String> problems = new LinkedHashMap<>();
        Form form = new Form(UUID.randomUUID().toString(), "nonsense", SimulationPages.SOURCE_SCREENS, "0", "6", "2026-02-31",
                "2026-03-03", "0", "1", "twelve", "-1", "0", "gamma", "sometimes", null, "101", "91", "-5", "100.5");

        assertThat(SimulationPages.check(form, LIST, TODAY, problems)).isNull();

        assertThat(problems).containsEntry("templateA", "simulation.error.templateA")
                .containsEntry("templateB", "simulation.error.templateB")
                .containsEntry("screenShare", "simulation.error.share")
                .containsEntry("from", "simulation.error.date")
                .containsEntry("to", "simulation.error.future")
                .containsEntry("weeks", "simulation.error.weeks")
                .containsEntry("replications", "simulation.error.replications")
                .containsEntry("seed", "simulation.error.seed")
                .containsEntry("patience", "simulation.error.patience")
                .containsEntry("handoffMinutes", "simulation.error.handoffMinutes")
                .containsEntry("duration", "simulation.error.choice")
                .containsEntry("interruption", "simulation.error.choice")
                .containsEntry("returnShare", "simulation.error.returnShare")
                .containsEntry("returnDays", "simulation.error.returnDays")
                .containsEntry("prebooked", "simulation.error.prebooked")
                .containsEntry("noShow", "simulation.error.noShow")
                .doesNotContainKey("visitShare");
    }

    @Test
    void theShareCountsOnlyForTheChosenSourceAndThePeriodMustBeAWeekToThreeYears() {
        Form base = Form.defaults(SPRING.id().toString(), DRAFT.id().toString(), SimulationPages.SOURCE_REQUESTS, TODAY);
        Map<String, String> problems = new LinkedHashMap<>();
        Form requests = new Form(base.templateA(), base.templateB(), base.source(), "abc", "abc", "2026-02-20", "2026-02-26",
                base.weeks(), "40", "-7", "12,5", "20", "exponential", "any-visit", null, "40", "14", "70", "15");

        SimulationPages.Checked checked = SimulationPages.check(requests, LIST, TODAY, problems);

        assertThat(problems).isEmpty();
        assertThat(checked.share()).isEqualTo(1.0);
        assertThat(checked.templateB()).isEqualTo(DRAFT.id());
        assertThat(checked.settings().seed()).isEqualTo(-7);
        assertThat(checked.settings().patienceMinutes()).isEqualTo(12.5);
        assertThat(checked.settings().handoffDuration()).isEqualTo(SimulationSettings.Duration.EXPONENTIAL);
        assertThat(checked.settings().interruption()).isEqualTo(SimulationSettings.Interruption.ANY_VISIT);
        assertThat(checked.settings().adminTakesHandoffs()).isFalse();

        Map<String, String> shortPeriod = new LinkedHashMap<>();
        SimulationPages.check(new Form(base.templateA(), "", base.source(), "", "", "2026-02-21", "2026-02-26", base.weeks(),
                base.replications(), base.seed(), base.patience(), base.handoffMinutes(), base.duration(), base.interruption(), "true",
                base.returnShare(), base.returnDays(), base.prebooked(), base.noShow()), LIST, TODAY, shortPeriod);
        assertThat(shortPeriod).containsOnlyKeys("to").containsEntry("to", "simulation.error.period");

        Map<String, String> longPeriod = new LinkedHashMap<>();
        SimulationPages.check(new Form(base.templateA(), "", base.source(), "", "", "2020-01-01", "2026-02-26", "104", "501",
                base.seed(), base.patience(), base.handoffMinutes(), base.duration(), base.interruption(), "true", base.returnShare(),
                base.returnDays(), base.prebooked(), base.noShow()), LIST, TODAY, longPeriod);
        assertThat(longPeriod).containsEntry("from", "simulation.error.periodLong").containsEntry("replications", "simulation.error.work");
    }

    @Test
    void verdictsFollowTheBetterDirectionOnlyWhenTheIntervalExcludesZero() {
        assertThat(SimulationPages.verdict(SimulationResult.Metric.HANDOFFS_MET, new Estimate(0.02, 0.01, 0.03))).isEqualTo("better");
        assertThat(SimulationPages.verdict(SimulationResult.Metric.MEAN_WAIT, new Estimate(0.5, 0.1, 0.9))).isEqualTo("worse");
        assertThat(SimulationPages.verdict(SimulationResult.Metric.MEAN_WAIT, new Estimate(-0.5, -0.9, -0.1))).isEqualTo("better");
        assertThat(SimulationPages.verdict(SimulationResult.Metric.HANDOFFS_MET, new Estimate(0.02, -0.01, 0.05))).isEqualTo("same");
        assertThat(SimulationPages.verdict(SimulationResult.Metric.UTILIZATION, new Estimate(0.02, 0.01, 0.03))).isEqualTo("higher");
        assertThat(SimulationPages.number(-0.04, 1, java.util.Locale.ENGLISH)).isEqualTo("0.0");
        assertThat(SimulationPages.number(1234.5, 1, Locale("es"))).isEqualTo("1.234,5");
    }

    static java.util.Locale Locale(String language) {
        return java.util.Locale.forLanguageTag(language);
    }

    @Test
    void theChartPutsEachTemplatesBarOnAZeroToHundredAxisWithItsWhisker() {
        SimulationResult a = result(0.5, 0.4, 0.6);
        SimulationResult b = result(1.0, 0.98, 1.0);

        SimulationChart chart = SimulationChart.of(List.of(a, b), v -> Math.round(v * 100) + "%");

        assertThat(chart.ticks()).extracting(SimulationChart.Tick::percent).containsExactly(0, 25, 50, 75, 100);
        assertThat(chart.groups()).extracting(SimulationChart.Group::metricCode)
                .containsExactly("handoffs-met", "handoffs-waited", "utilization");
        SimulationChart.Bar barA = chart.groups().get(0).bars().get(0);
        SimulationChart.Bar barB = chart.groups().get(0).bars().get(1);
        double plotHeight = chart.plotBottom() - chart.plotTop();
        assertThat(barA.barHeight()).isEqualTo(plotHeight / 2);
        assertThat(barB.y()).isEqualTo(chart.plotTop());
        assertThat(barA.whiskerTop()).isEqualTo(chart.plotBottom() - 0.6 * plotHeight);
        assertThat(barA.whiskerBottom()).isEqualTo(chart.plotBottom() - 0.4 * plotHeight);
        assertThat(barA.label()).isEqualTo("50%");
        assertThat(barA.x() + SimulationChart.BAR).isLessThan(barB.x());
        assertThat(barB.labelY()).isGreaterThan(0);
        // one template: one bar per metric, centred
        SimulationChart single = SimulationChart.of(List.of(a), v -> "");
        assertThat(single.groups().get(0).bars()).singleElement()
                .satisfies(bar -> assertThat(bar.centerX()).isEqualTo(single.groups().get(0).labelX()));
    }

    static SimulationResult result(double mean, double low, double high) {
        double[][] replications = new double[1][SimulationResult.Metric.values().length];
        SimulationResult base = SimulationResult.of(SimulationSettings.defaults(), 1, replications);
        Map<SimulationResult.Metric, Estimate> estimates = new java.util.EnumMap<>(SimulationResult.Metric.class);
        for (SimulationResult.Metric metric : SimulationResult.Metric.values()) {
            estimates.put(metric, new Estimate(mean, low, high));
        }
        return new SimulationResult(base.settings(), 1, estimates, base.samples());
    }

    static ScheduleTemplate template(String name) {
        return new ScheduleTemplate(UUID.nameUUIDFromBytes(name.getBytes()), name, TemplateStatus.DRAFT, null, null, null, 1, List.of());
    }
}
