package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Where the trajectory chart puts scores, bands, the 50% target and treatment changes. */
class TrajectoryChartTest {

    static final LocalDate START = LocalDate.of(2025, 1, 6);

    @Test
    void scoresSitOnA0To27AxisWithBandLinesAt5_10_15And20() {
        TrajectoryChart chart = TrajectoryChart.of(List.of(phq(0, 27), phq(14, 0)), List.of(), START, START.plusWeeks(4), true, 27);

        List<TrajectoryChart.Point> points = chart.points("phq-9");
        assertThat(points).hasSize(2);
        assertThat(points.get(0).y()).isEqualTo(chart.plotTop());
        assertThat(points.get(1).y()).isEqualTo(chart.plotBottom());
        assertThat(chart.yTicks()).extracting(TrajectoryChart.Tick::value).containsExactly(0, 5, 10, 15, 20, 27);
        assertThat(chart.yTicks()).filteredOn(TrajectoryChart.Tick::bandLine).extracting(TrajectoryChart.Tick::value)
                .containsExactly(5, 10, 15, 20);
        double perPoint = (chart.plotBottom() - chart.plotTop()) / 27;
        assertThat(chart.yTicks().get(2).y()).isCloseTo(chart.plotBottom() - 10 * perPoint, org.assertj.core.data.Offset.offset(0.1));
        assertThat(chart.bands()).extracting(TrajectoryChart.Band::key)
                .containsExactly("minimal", "mild", "moderate", "moderately-severe", "severe");
        // without treatment changes there are no tags to make room for above the plot
        assertThat(chart.plotTop()).isEqualTo(TrajectoryChart.TOP_WITHOUT_CHANGES);
        TrajectoryChart withChange = TrajectoryChart.of(List.of(phq(0, 27)), List.of(change(3, TreatmentKind.THERAPY, "CBT")), START,
                START.plusWeeks(4), true, 27);
        assertThat(withChange.plotTop()).isEqualTo(TrajectoryChart.TOP);
        assertThat(withChange.height() - withChange.plotBottom()).isEqualTo(chart.height() - chart.plotBottom());
    }

    @Test
    void theTargetLineIsHalfTheBaseline() {
        TrajectoryChart chart = TrajectoryChart.of(List.of(phq(0, 17), phq(14, 12)), List.of(), START, START.plusWeeks(2), true, 17);

        assertThat(chart.target().value()).isEqualTo("8.5");
        assertThat(chart.target().baseline()).isEqualTo(17);
        double perPoint = (chart.plotBottom() - chart.plotTop()) / 27;
        assertThat(chart.target().y()).isCloseTo(chart.plotBottom() - 8.5 * perPoint, org.assertj.core.data.Offset.offset(0.1));
        assertThat(TrajectoryChart.of(List.of(), List.of(), START, START, true, 16).target().value()).isEqualTo("8");
        assertThat(TrajectoryChart.of(List.of(), List.of(), START, START, true, null).target()).isNull();
    }

    @Test
    void timeRunsLeftToRightAndAnOpenEpisodeShowsAtLeastTwelveWeeks() {
        TrajectoryChart chart = TrajectoryChart.of(List.of(phq(0, 15), phq(14, 11), gad(14, 9)), List.of(), START, START.plusWeeks(2),
                true, 15);

        List<TrajectoryChart.Point> phq = chart.points("phq-9");
        assertThat(phq.get(0).x()).isLessThan(phq.get(1).x());
        assertThat(chart.points("gad-7")).singleElement().satisfies(p -> assertThat(p.x()).isEqualTo(phq.get(1).x()));
        assertThat(chart.xTicks()).extracting(TrajectoryChart.XTick::week).contains(0L, 12L);
        assertThat(chart.xTicks().get(chart.xTicks().size() - 1).day()).isEqualTo(START.plusWeeks(12));
        // a closed episode ends at its discharge
        TrajectoryChart closed = TrajectoryChart.of(List.of(phq(0, 15), phq(14, 4)), List.of(), START, START.plusWeeks(2), false, 15);
        assertThat(closed.xTicks()).extracting(TrajectoryChart.XTick::week).containsExactly(0L, 1L, 2L);
        assertThat(closed.points("phq-9").get(1).x()).isCloseTo(closed.plotRight() - TrajectoryChart.INSET,
                org.assertj.core.data.Offset.offset(0.1));
    }

    @Test
    void phq9LabelsGoAboveThePointsAndGad7LabelsBelow() {
        TrajectoryChart chart = TrajectoryChart.of(List.of(phq(0, 12), gad(0, 12)), List.of(), START, START, true, 12);

        assertThat(chart.points("phq-9").get(0).labelY()).isLessThan(chart.points("phq-9").get(0).y());
        assertThat(chart.points("gad-7").get(0).labelY()).isGreaterThan(chart.points("gad-7").get(0).y());
        assertThat(chart.series()).extracting(TrajectoryChart.Series::points).allSatisfy(p -> assertThat(p).matches("[0-9.]+,[0-9.]+"));
    }

    @Test
    void treatmentChangesAreNumberedInDateOrderAndCloseOnesShareNoRow() {
        TreatmentChange later = change(28, TreatmentKind.MEDICATION_CHANGE, "Sertraline 100 mg daily");
        TreatmentChange first = change(7, TreatmentKind.MEDICATION_START, "Sertraline 50 mg daily, started after discussion with PCP");
        TreatmentChange close = change(8, TreatmentKind.THERAPY, "Behavioral activation");
        TrajectoryChart chart = TrajectoryChart.of(List.of(phq(0, 18)), List.of(later, first, close), START, START.plusWeeks(4), true, 18);

        assertThat(chart.markers()).extracting(TrajectoryChart.Marker::number).containsExactly(1, 2, 3);
        assertThat(chart.markers()).extracting(TrajectoryChart.Marker::kind)
                .containsExactly(TreatmentKind.MEDICATION_START, TreatmentKind.THERAPY, TreatmentKind.MEDICATION_CHANGE);
        TrajectoryChart.Marker one = chart.markers().get(0);
        TrajectoryChart.Marker two = chart.markers().get(1);
        TrajectoryChart.Marker three = chart.markers().get(2);
        // one and two are a day apart: two goes to the second row, and one's label stops before three's tag
        assertThat(two.tagY()).isNotEqualTo(one.tagY());
        assertThat(three.tagY()).isEqualTo(one.tagY());
        assertThat(one.labelled()).isTrue();
        assertThat(one.label()).endsWith("\u2026").startsWith("Sertraline 50");
        assertThat(one.x() + 13 + one.label().length() * TrajectoryChart.CHAR_WIDTH).isLessThanOrEqualTo(three.x());
        assertThat(two.label()).isEqualTo("Behavioral activation");
        assertThat(three.label()).isEqualTo("Sertraline 100 mg daily");
        assertThat(chart.empty()).isFalse();
        assertThat(TrajectoryChart.of(List.of(), List.of(), START, START, true, null).empty()).isTrue();
    }

    @Test
    void bandNamesMakeWayForTheTargetLabelAndTodayIsMarkedOnOpenEpisodes() {
        // baseline 15: the target 7.5 sits in the middle of the mild band, where its name would be
        TrajectoryChart chart = TrajectoryChart.of(List.of(phq(0, 15)), List.of(), START, START.plusWeeks(3), true, 15);

        TrajectoryChart.Band mild = chart.bands().get(1);
        assertThat(Math.abs(mild.labelY() - chart.target().labelY())).isGreaterThanOrEqualTo(TrajectoryChart.LINE);
        assertThat(mild.labelY()).isBetween(mild.y(), mild.y() + mild.height());
        assertThat(chart.todayX()).isNotNull().isGreaterThan(chart.points("phq-9").get(0).x());
        assertThat(TrajectoryChart.of(List.of(phq(0, 15)), List.of(), START, START.plusWeeks(3), false, 15).todayX()).isNull();
    }

    @Test
    void otherInstrumentsAreNotDrawn() {
        TrajectoryChart chart = TrajectoryChart.of(List.of(new TrajectoryChart.Measurement(START, "audit-c", 7)), List.of(), START, START,
                true, null);

        assertThat(chart.series()).isEmpty();
        assertThat(chart.empty()).isTrue();
    }

    static TrajectoryChart.Measurement phq(int day, int total) {
        return new TrajectoryChart.Measurement(START.plusDays(day), "phq-9", total);
    }

    static TrajectoryChart.Measurement gad(int day, int total) {
        return new TrajectoryChart.Measurement(START.plusDays(day), "gad-7", total);
    }

    static TreatmentChange change(int day, TreatmentKind kind, String description) {
        return new TreatmentChange(UUID.randomUUID(), UUID.randomUUID(), START.plusDays(day), kind, description, "test",
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(day));
    }
}
