package org.tandem.measure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The dashboard's numbers: the eCQMs from {@link Measures} and the program metrics from {@link ProgramMetrics}, as
 * {@link Scorecard}s. A measure page's selected period and its trend periods are evaluated in one call each, so the
 * data is read once.
 */
@Component
class MeasureBoard {

    private final Measures measures;
    private final ProgramMetrics programs;

    MeasureBoard(Measures measures, ProgramMetrics programs) {
        this.measures = measures;
        this.programs = programs;
    }

    /** Every measure over the period: the eCQMs first, then the program metrics. */
    List<Scorecard> overview(MeasurePeriod period) {
        List<Scorecard> cards = new ArrayList<>();
        for (MeasureDefinition d : measures.definitions()) {
            cards.add(Scorecard.of(d, measures.evaluate(d.id(), period)));
        }
        for (ProgramResult r : programs.evaluate(period)) {
            cards.add(Scorecard.of(r));
        }
        return cards;
    }

    /** The eCQM's definition, or null when the id names none. */
    MeasureDefinition definition(String id) {
        return measures.definitions().stream().filter(d -> d.id().equals(id)).findFirst().orElse(null);
    }

    /** True when the id names an eCQM or a program metric. */
    boolean exists(String id) {
        return ProgramMetric.ofId(id) != null || definition(id) != null;
    }

    /**
     * One measure over the selected period (in full) and over the trend's periods (headline numbers only), from one read
     * of the data: the last element is the selected period's.
     */
    List<Scorecard> page(String id, MeasurePeriod selected, List<MeasurePeriod> trend) {
        List<MeasurePeriod> periods = new java.util.ArrayList<>(trend);
        periods.add(selected);
        List<Scorecard> cards = new ArrayList<>();
        ProgramMetric metric = ProgramMetric.ofId(id);
        if (metric != null) {
            List<ProgramResult> results = programs.evaluate(metric, periods);
            for (int i = 0; i < results.size(); i++) {
                cards.add(i < trend.size() ? Scorecard.headline(results.get(i)) : Scorecard.of(results.get(i)));
            }
            return cards;
        }
        MeasureDefinition definition = definition(id);
        if (definition == null) {
            throw new InvalidMeasureRequest("Unknown measure " + id);
        }
        List<MeasureEvaluation> evaluations = measures.evaluate(id, periods);
        for (int i = 0; i < evaluations.size(); i++) {
            cards.add(i < trend.size() ? Scorecard.headline(definition, evaluations.get(i)) : Scorecard.of(definition, evaluations.get(i)));
        }
        return cards;
    }

    /**
     * One measure over each period, in the order given, from one read of the data.
     *
     * @throws InvalidMeasureRequest when the id names no measure
     */
    List<Scorecard> evaluate(String id, List<MeasurePeriod> periods) {
        ProgramMetric metric = ProgramMetric.ofId(id);
        if (metric != null) {
            return programs.evaluate(metric, periods).stream().map(Scorecard::of).toList();
        }
        MeasureDefinition definition = definition(id);
        if (definition == null) {
            throw new InvalidMeasureRequest("Unknown measure " + id);
        }
        return measures.evaluate(id, periods).stream().map(e -> Scorecard.of(definition, e)).toList();
    }
}
