package org.tandem.scheduling;

import java.util.ArrayList;
import java.util.List;
import org.tandem.scheduling.SimulationResult.Metric;

/**
 * The geometry of the comparison chart (server-rendered SVG): for each share metric a group of bars, one per template,
 * on a 0-100% axis, each with a whisker for its 95% confidence interval. Words come from the messages files; this
 * class only places things. Coordinates are SVG user units rounded to 0.1. The table beside it has the same numbers.
 */
record SimulationChart(int width, int height, double plotLeft, double plotRight, double plotTop, double plotBottom,
        List<Tick> ticks, List<Group> groups) {

    static final int WIDTH = 640;
    static final int HEIGHT = 300;
    static final int LEFT = 48;
    static final int RIGHT = 16;
    static final int TOP = 28;
    static final int BOTTOM = 56;
    static final int BAR = 56;
    static final int GAP = 8;
    static final List<Metric> METRICS = List.of(Metric.HANDOFFS_MET, Metric.HANDOFFS_WAITED, Metric.UTILIZATION);

    /** A horizontal grid line with its percentage. */
    record Tick(int percent, double y) {
    }

    /** The bars of one metric, with the x of its label. */
    record Group(String metricCode, double labelX, List<Bar> bars) {
    }

    /**
     * One template's bar: its top-left corner and height, the whisker's ends, and the value's label position.
     *
     * @param series 0 for template A, 1 for B (the CSS class and the legend follow it)
     */
    record Bar(int series, double x, double y, double barHeight, double centerX, double whiskerTop, double whiskerBottom,
            double labelY, String label) {
    }

    /** @param results A's result and, when compared, B's */
    static SimulationChart of(List<SimulationResult> results, java.util.function.DoubleFunction<String> percent) {
        double plotLeft = LEFT;
        double plotRight = WIDTH - RIGHT;
        double plotTop = TOP;
        double plotBottom = HEIGHT - BOTTOM;
        List<Tick> ticks = new ArrayList<>();
        for (int p = 0; p <= 100; p += 25) {
            ticks.add(new Tick(p, round(y(p / 100.0, plotTop, plotBottom))));
        }
        double slot = (plotRight - plotLeft) / METRICS.size();
        List<Group> groups = new ArrayList<>();
        for (int m = 0; m < METRICS.size(); m++) {
            Metric metric = METRICS.get(m);
            double center = plotLeft + slot * (m + 0.5);
            double groupWidth = results.size() * BAR + (results.size() - 1) * GAP;
            List<Bar> bars = new ArrayList<>();
            for (int s = 0; s < results.size(); s++) {
                Estimate e = results.get(s).estimate(metric);
                double value = Double.isNaN(e.mean()) ? 0 : clamp(e.mean());
                double x = center - groupWidth / 2 + s * (BAR + GAP);
                double top = y(value, plotTop, plotBottom);
                double whiskerTop = Double.isNaN(e.high()) ? top : y(clamp(e.high()), plotTop, plotBottom);
                double whiskerBottom = Double.isNaN(e.low()) ? top : y(clamp(e.low()), plotTop, plotBottom);
                double labelY = whiskerTop - 6;
                bars.add(new Bar(s, round(x), round(top), round(plotBottom - top), round(x + BAR / 2.0), round(whiskerTop),
                        round(whiskerBottom), round(labelY), Double.isNaN(e.mean()) ? "–" : percent.apply(e.mean())));
            }
            groups.add(new Group(metric.code(), round(center), bars));
        }
        return new SimulationChart(WIDTH, HEIGHT, plotLeft, plotRight, plotTop, plotBottom, ticks, groups);
    }

    private static double y(double share, double top, double bottom) {
        return bottom - share * (bottom - top);
    }

    private static double clamp(double share) {
        return Math.max(0, Math.min(1, share));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
