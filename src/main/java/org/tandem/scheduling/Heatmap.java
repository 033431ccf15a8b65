package org.tandem.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * The geometry of one weekday-by-hour heatmap (server-drawn SVG): a column per weekday shown, a row per hour shown,
 * each cell filled by its value and, where it is not zero, labelled with it, so that colour is never the only cue.
 * Sequential maps run from white to one dark hue; the diverging map (the gap) runs from blue (negative) through white
 * to orange (positive). Words come from the caller (already in the page's language); this class only places things.
 */
record Heatmap(String key, boolean empty, boolean diverging, int width, int height, List<Label> columns, List<Label> rows,
        List<Cell> cells, List<Swatch> legend, List<TableRow> table) {

    static final int LEFT = 48;
    static final int TOP = 24;
    static final int CELL_WIDTH = 40;
    static final int CELL_HEIGHT = 22;
    static final int PAD = 2;

    /** Colour ramps: light end, dark end (sequential), or negative end, positive end (diverging). */
    enum Hue {
        DEMAND(new int[] { 0xf2, 0xf7, 0xf8 }, new int[] { 0x08, 0x43, 0x4d }),
        SUPPLY(new int[] { 0xf4, 0xf2, 0xf9 }, new int[] { 0x3b, 0x2f, 0x6b }),
        GAP(new int[] { 0x1e, 0x4f, 0xa3 }, new int[] { 0xb3, 0x3d, 0x0b });

        final int[] first;
        final int[] last;

        Hue(int[] first, int[] last) {
            this.first = first;
            this.last = last;
        }
    }

    /** A day name above its column, or an hour beside its row. */
    record Label(double x, double y, String text) {
    }

    /** One cell: position, fill and text colour, the value as shown (empty for zero) and a full description. */
    record Cell(double x, double y, double width, double height, String fill, String ink, String text, double textX,
            double textY, String title) {
    }

    /** A legend entry: a colour and the value it stands for. */
    record Swatch(String fill, String label) {
    }

    /** One hour of the table version: its label and the value per day shown. */
    record TableRow(String hour, List<String> values) {
    }

    /**
     * Places a grid of values.
     *
     * @param values [weekday 0 = Monday .. 6][hour 0..23]
     * @param days the weekdays shown (0 = Monday), in order
     * @param hours the hours shown, in order
     * @param dayNames names of the days shown, same order as {@code days}
     * @param hourNames label of each hour shown (e.g. "07:00"), same order as {@code hours}
     * @param format how a value is written (in cells, legend and table)
     * @param title a cell's description from its day name, its hour label and its written value
     */
    static Heatmap of(String key, double[][] values, boolean diverging, Hue hue, List<Integer> days, List<Integer> hours,
            List<String> dayNames, List<String> hourNames, DoubleFunction<String> format, CellTitle title) {
        double max = 0;
        for (int day : days) {
            for (int hour : hours) {
                max = Math.max(max, Math.abs(values[day][hour]));
            }
        }
        boolean empty = max == 0;
        int width = LEFT + days.size() * CELL_WIDTH + PAD;
        int height = TOP + hours.size() * CELL_HEIGHT + PAD;
        List<Label> columns = new ArrayList<>();
        for (int d = 0; d < days.size(); d++) {
            columns.add(new Label(LEFT + d * CELL_WIDTH + CELL_WIDTH / 2.0, TOP - 8, dayNames.get(d)));
        }
        List<Label> rows = new ArrayList<>();
        for (int h = 0; h < hours.size(); h++) {
            rows.add(new Label(LEFT - 6, TOP + h * CELL_HEIGHT + CELL_HEIGHT / 2.0 + 4, hourNames.get(h)));
        }
        List<Cell> cells = new ArrayList<>();
        List<TableRow> table = new ArrayList<>();
        for (int h = 0; h < hours.size(); h++) {
            List<String> written = new ArrayList<>();
            for (int d = 0; d < days.size(); d++) {
                double value = values[days.get(d)][hours.get(h)];
                String text = format.apply(value);
                written.add(text);
                double t = empty ? 0 : value / max;
                double x = LEFT + d * CELL_WIDTH;
                double y = TOP + h * CELL_HEIGHT;
                String fill = fill(hue, t, diverging);
                cells.add(new Cell(x + 1, y + 1, CELL_WIDTH - 2, CELL_HEIGHT - 2, fill, ink(fill),
                        value == 0 ? "" : text, x + CELL_WIDTH / 2.0, y + CELL_HEIGHT / 2.0 + 3.5,
                        title.of(dayNames.get(d), hourNames.get(h), text)));
            }
            table.add(new TableRow(hourNames.get(h), written));
        }
        List<Swatch> legend = new ArrayList<>();
        if (!empty) {
            double[] steps = diverging ? new double[] { -1, -0.5, 0, 0.5, 1 } : new double[] { 0, 0.25, 0.5, 0.75, 1 };
            for (double step : steps) {
                String label = format.apply(step * max);
                // small maxima round several steps to the same figure: keep the darkest swatch of each
                if (!legend.isEmpty() && legend.get(legend.size() - 1).label().equals(label)) {
                    legend.remove(legend.size() - 1);
                }
                legend.add(new Swatch(fill(hue, step, diverging), label));
            }
        }
        return new Heatmap(key, empty, diverging, width, height, columns, rows, cells, legend, table);
    }

    /** Builds a cell's description. */
    interface CellTitle {
        String of(String day, String hour, String value);
    }

    /** The colour of a cell at t (0..1, or -1..1 when diverging): from white to the hue's dark end(s). */
    static String fill(Hue hue, double t, boolean diverging) {
        if (t == 0) {
            return "#ffffff";
        }
        int[] from;
        int[] to;
        double share;
        if (diverging) {
            from = new int[] { 0xff, 0xff, 0xff };
            to = t < 0 ? hue.first : hue.last;
            share = Math.min(1, Math.abs(t));
        } else {
            from = hue.first;
            to = hue.last;
            share = Math.min(1, t);
        }
        StringBuilder colour = new StringBuilder("#");
        for (int i = 0; i < 3; i++) {
            colour.append(String.format(java.util.Locale.ROOT, "%02x", Math.round(from[i] + (to[i] - from[i]) * share)));
        }
        return colour.toString();
    }

    /** Dark text or white, whichever contrasts more with the fill (WCAG relative luminance). */
    static String ink(String fill) {
        double background = luminance(fill);
        double withWhite = 1.05 / (background + 0.05);
        double withDark = (background + 0.05) / (luminance(DARK) + 0.05);
        return withWhite > withDark ? "#ffffff" : DARK;
    }

    static final String DARK = "#1c2733";

    static double luminance(String hex) {
        double[] weights = { 0.2126, 0.7152, 0.0722 };
        double sum = 0;
        for (int i = 0; i < 3; i++) {
            double c = Integer.parseInt(hex.substring(1 + 2 * i, 3 + 2 * i), 16) / 255.0;
            sum += weights[i] * (c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4));
        }
        return sum;
    }
}
