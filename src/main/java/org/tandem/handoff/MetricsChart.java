package org.tandem.handoff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The geometry of a handoff metrics chart (server-drawn SVG): grouped bars (several series per category) or one line
 * with its points, on a y axis with round ticks. A category's label can be left out (drawn every few weeks). Words
 * come from the caller, already in the page's language; the same numbers are in the table under each chart.
 */
record MetricsChart(int width, int height, double plotLeft, double plotRight, double plotTop, double plotBottom,
        List<Tick> ticks, List<XLabel> labels, List<Bar> bars, List<String> lines, List<Dot> dots, boolean empty) {

    static final int LEFT = 44;
    static final int RIGHT = 12;
    static final int TOP = 12;
    static final int PLOT = 180;
    static final int BOTTOM = 28;
    /** The chart's width: the width of a card on a desktop page (it scales down on smaller screens). */
    static final int WIDTH = 1060;
    /** The widest a bar gets (few categories). */
    static final double MAX_BAR = 18;

    /** A horizontal grid line with its value. */
    record Tick(double y, String label) {
    }

    /** A category label under the axis. */
    record XLabel(double x, String text) {
    }

    /** One bar with its series (0, 1, 2: CSS class) and a full description. */
    record Bar(double x, double y, double width, double height, int series, String title) {
    }

    /** A point of the line with its description. */
    record Dot(double x, double y, String title) {
    }

    /** Builds the description of a bar or point from its category index and series. */
    interface Title {
        String of(int category, int series);
    }

    /**
     * Grouped bars.
     *
     * @param labels the label of each category, or null where none is drawn
     * @param values values[category][series]
     */
    static MetricsChart bars(List<String> labels, int[][] values, DoubleFunction<String> format, Title title) {
        int series = values.length == 0 ? 1 : values[0].length;
        double group = group(labels.size());
        double bar = Math.min(MAX_BAR, group * 0.75 / series);
        int width = WIDTH;
        double max = 0;
        for (int[] category : values) {
            for (int v : category) {
                max = Math.max(max, v);
            }
        }
        double step = step(max, true);
        double top = Math.max(step, Math.ceil(max / step) * step);
        List<Bar> bars = new ArrayList<>();
        List<XLabel> xLabels = new ArrayList<>();
        for (int c = 0; c < labels.size(); c++) {
            double x0 = LEFT + c * group + (group - series * bar) / 2;
            if (labels.get(c) != null) {
                xLabels.add(new XLabel(round(LEFT + c * group + group / 2), labels.get(c)));
            }
            for (int s = 0; s < series; s++) {
                int v = values[c][s];
                if (v == 0) {
                    continue;
                }
                double h = PLOT * v / top;
                bars.add(new Bar(round(x0 + s * bar), round(TOP + PLOT - h), round(bar - 1), round(h), s, title.of(c, s)));
            }
        }
        return new MetricsChart(width, TOP + PLOT + BOTTOM, LEFT, width - RIGHT, TOP, TOP + PLOT, ticks(top, step, format),
                xLabels, bars, List.of(), List.of(), max == 0);
    }

    /**
     * A line through the categories that have a value (null breaks the line).
     *
     * @param labels the label of each category, or null where none is drawn
     */
    static MetricsChart line(List<String> labels, List<Double> values, DoubleFunction<String> format, Title title) {
        int width = WIDTH;
        double group = group(labels.size());
        double max = 0;
        for (Double v : values) {
            max = v == null ? max : Math.max(max, v);
        }
        double step = step(max, false);
        double top = Math.max(step, Math.ceil(max / step) * step);
        List<XLabel> xLabels = new ArrayList<>();
        List<Dot> dots = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean any = false;
        for (int c = 0; c < labels.size(); c++) {
            double x = round(LEFT + c * group + group / 2);
            if (labels.get(c) != null) {
                xLabels.add(new XLabel(x, labels.get(c)));
            }
            Double v = values.get(c);
            if (v == null) {
                if (current.length() > 0) {
                    lines.add(current.toString().trim());
                    current.setLength(0);
                }
                continue;
            }
            any = true;
            double y = round(TOP + PLOT - PLOT * v / top);
            current.append(x).append(',').append(y).append(' ');
            dots.add(new Dot(x, y, title.of(c, 0)));
        }
        if (current.length() > 0) {
            lines.add(current.toString().trim());
        }
        return new MetricsChart(width, TOP + PLOT + BOTTOM, LEFT, width - RIGHT, TOP, TOP + PLOT, ticks(top, step, format),
                xLabels, List.of(), lines, dots, !any);
    }

    /** The room of one category: the plot's width shared out (categories line up across charts of the same count). */
    static double group(int categories) {
        return (double) (WIDTH - LEFT - RIGHT) / Math.max(1, categories);
    }

    /** A round step for about four grid lines: 1, 2 or 5 times a power of ten (whole numbers for counts). */
    static double step(double max, boolean whole) {
        if (max <= 0) {
            return 1;
        }
        double raw = max / 4;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = 10 * magnitude;
        for (double m : new double[] { 1, 2, 5, 10 }) {
            if (m * magnitude >= raw) {
                step = m * magnitude;
                break;
            }
        }
        return whole ? Math.max(1, Math.round(step)) : step;
    }

    private static List<Tick> ticks(double top, double step, DoubleFunction<String> format) {
        List<Tick> ticks = new ArrayList<>();
        int n = (int) Math.round(top / step);
        for (int i = 0; i <= n; i++) {
            double value = i * step;
            ticks.add(new Tick(round(TOP + PLOT - PLOT * value / top), format.apply(value)));
        }
        return ticks;
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    public double middleX() {
        return round((plotLeft + plotRight) / 2);
    }

    public double middleY() {
        return round((plotTop + plotBottom) / 2);
    }
}
