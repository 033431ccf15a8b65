package org.tandem.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The geometry of a measure's trend as a server-drawn SVG line chart: one point per month (the value of the period
 * ending that month), a gap where the value is undefined. Rates are drawn on 0-100%, other values on 0 to a round
 * maximum above the largest one.
 */
record TrendChart(int width, int height, int plotLeft, int plotRight, int plotTop, int plotBottom, List<String> lines,
        List<Dot> dots, List<Tick> ticks, List<Label> labels, boolean empty) {

    static final int LEFT = 48;
    static final int RIGHT = 16;
    static final int TOP = 12;
    static final int PLOT = 180;
    static final int BOTTOM = 30;
    static final int STEP = 34;

    record Dot(int x, int y, String title) {
    }

    record Tick(int y, String label) {
    }

    record Label(int x, String text) {
    }

    /** A month's point: its label, value (null: undefined) and hover title. */
    record Point(String label, Double value, String title) {
    }

    static TrendChart of(List<Point> points, boolean percent) {
        int width = LEFT + Math.max(1, points.size()) * STEP + RIGHT;
        int height = TOP + PLOT + BOTTOM;
        double max = percent ? 1.0 : niceMax(points.stream().filter(p -> p.value() != null).mapToDouble(Point::value).max().orElse(0));
        List<String> lines = new ArrayList<>();
        List<Dot> dots = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int count = 0;
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            int x = LEFT + i * STEP + STEP / 2;
            if (i % 3 == (points.size() - 1) % 3) {
                labels.add(new Label(x, p.label()));
            }
            if (p.value() == null) {
                if (count > 1) {
                    lines.add(line.toString().trim());
                }
                line.setLength(0);
                count = 0;
                continue;
            }
            int y = TOP + PLOT - (int) Math.round(PLOT * Math.min(1.0, p.value() / max));
            line.append(x).append(',').append(y).append(' ');
            count++;
            dots.add(new Dot(x, y, p.title()));
        }
        if (count > 1) {
            lines.add(line.toString().trim());
        }
        List<Tick> ticks = new ArrayList<>();
        for (int t = 0; t <= 4; t++) {
            double v = max * t / 4;
            String label = percent ? Math.round(v * 100) + "%" : (v == Math.rint(v) ? Long.toString(Math.round(v))
                    : String.format(Locale.ROOT, "%.1f", v));
            ticks.add(new Tick(TOP + PLOT - PLOT * t / 4, label));
        }
        return new TrendChart(width, height, LEFT, width - RIGHT, TOP, TOP + PLOT, lines, dots, ticks, labels, dots.isEmpty());
    }

    /** 1, 2 or 5 times a power of ten, at least the value (at least 1). */
    static double niceMax(double value) {
        if (value <= 1) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double f : new double[] { 1, 2, 5, 10 }) {
            if (f * magnitude >= value) {
                return f * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
