package org.tandem.registry;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tandem.screening.Instruments;

/**
 * The geometry of an episode's trajectory chart (server-rendered SVG): PHQ-9 and GAD-7 totals over time on one 0-27
 * axis, the PHQ-9 severity band lines at 5, 10, 15 and 20 (Kroenke 2001; GAD-7 shares the cut-offs 5/10/15, Spitzer
 * 2006), the treat-to-target line at half the PHQ-9 baseline (facts.md: response is a drop of 50% or more from
 * baseline) and a vertical marker per treatment change. Words come from the messages files; this class only places
 * things. Coordinates are SVG user units, rounded to 0.1.
 */
record TrajectoryChart(int width, int height, double plotLeft, double plotRight, double plotTop, double plotBottom,
        List<Band> bands, List<Tick> yTicks, List<XTick> xTicks, List<Series> series, Target target, List<Marker> markers,
        Double todayX, boolean empty) {

    static final int WIDTH = 760;
    static final int LEFT = 44;
    static final int RIGHT = 140;
    /** Room above the plot for two rows of treatment-change tags, or a little when there are none. */
    static final int TOP = 56;
    static final int TOP_WITHOUT_CHANGES = 22;
    static final int PLOT_HEIGHT = 274;
    static final int BOTTOM = 50;
    /** The y axis: the highest PHQ-9 total (GAD-7 goes to 21). */
    static final int MAX = 27;
    /** Space inside the plot on either side, so points do not sit on the axes. */
    static final int INSET = 14;
    /** An open episode's axis reaches at least week 12 (IMPACT: review if not improved at 10-12 weeks). */
    static final int MIN_WEEKS = 12;
    /** Marker labels are cut to at most this many characters; the table under the chart has the full text. */
    static final int LABEL_CHARS = 40;
    /** A marker's label needs at least this much room before the next marker in the same row. */
    static final int LABEL_ROOM = 110;
    /** The width of a character of a marker label (12px, semi-bold), for cutting labels to the room they have. */
    static final double CHAR_WIDTH = 7.0;
    /** Labels in the right margin need this much height. */
    static final int LINE = 16;
    /** A marker's numbered tag needs this much room. */
    static final int TAG = 22;

    /** One measured total. */
    record Measurement(LocalDate day, String instrument, int total) {
    }

    /** A severity band between two totals, with its message key (registry.chart.band.*). */
    record Band(int from, int to, double y, double height, double labelY, String key) {
    }

    /** A horizontal grid line with its total on the y axis; band lines (5/10/15/20) are drawn stronger. */
    record Tick(int value, double y, boolean bandLine) {
    }

    /** A tick on the time axis: the day and the week of treatment. */
    record XTick(double x, LocalDate day, long week) {
    }

    /** One instrument's line and points. */
    record Series(String instrument, String cssClass, String points, List<Point> dots) {
    }

    /** A point with its value label (above for PHQ-9, below for GAD-7). */
    record Point(double x, double y, int total, LocalDate day, double labelY) {
    }

    /** The 50% target: half the PHQ-9 baseline, labelled in the right margin at its height. */
    record Target(double y, int baseline, String value, double labelY) {
    }

    /**
     * A treatment change: a vertical line, a numbered tag in one of two rows above the plot and, where there is room,
     * its description (cut to the room there is).
     */
    record Marker(int number, double x, LocalDate day, TreatmentKind kind, String label, double tagY, boolean labelled) {
    }

    /**
     * Places the measurements, the target and the treatment changes.
     *
     * @param start week 0 (the enrolment day, or the referral day while referred)
     * @param end the last day shown at least (today, or the discharge day)
     * @param open whether the episode is open (the axis then reaches at least week 12)
     * @param baseline the PHQ-9 baseline total, or null when there is none
     */
    static TrajectoryChart of(List<Measurement> measurements, List<TreatmentChange> changes, LocalDate start, LocalDate end,
            boolean open, Integer baseline) {
        List<Measurement> shown = measurements.stream()
                .filter(m -> Instruments.PHQ_9.equals(m.instrument()) || Instruments.GAD_7.equals(m.instrument()))
                .sorted(Comparator.comparing(Measurement::day)).toList();
        LocalDate first = start;
        LocalDate last = end.isBefore(start) ? start : end;
        for (Measurement m : shown) {
            first = m.day().isBefore(first) ? m.day() : first;
            last = m.day().isAfter(last) ? m.day() : last;
        }
        for (TreatmentChange c : changes) {
            first = c.on().isBefore(first) ? c.on() : first;
            last = c.on().isAfter(last) ? c.on() : last;
        }
        if (open && last.isBefore(start.plusWeeks(MIN_WEEKS))) {
            last = start.plusWeeks(MIN_WEEKS);
        }
        if (!last.isAfter(first)) {
            last = first.plusDays(7);
        }
        int height = (changes.isEmpty() ? TOP_WITHOUT_CHANGES : TOP) + PLOT_HEIGHT + BOTTOM;
        double plotLeft = LEFT;
        double plotRight = WIDTH - RIGHT;
        double plotTop = changes.isEmpty() ? TOP_WITHOUT_CHANGES : TOP;
        double plotBottom = plotTop + PLOT_HEIGHT;
        Scale scale = new Scale(first, ChronoUnit.DAYS.between(first, last), plotLeft + INSET, plotRight - INSET, plotTop, plotBottom);

        List<Band> bands = new ArrayList<>();
        int[] cuts = { 0, 5, 10, 15, 20, MAX };
        String[] keys = { "minimal", "mild", "moderate", "moderately-severe", "severe" };
        for (int i = 0; i < keys.length; i++) {
            double top = scale.y(cuts[i + 1]);
            double bottom = scale.y(cuts[i]);
            bands.add(new Band(cuts[i], cuts[i + 1], round(top), round(bottom - top), round((top + bottom) / 2 + 4), keys[i]));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int value : cuts) {
            yTicks.add(new Tick(value, round(scale.y(value)), value > 0 && value < MAX));
        }

        long weeks = Math.max(1, ChronoUnit.DAYS.between(first, last) / 7);
        long step = weeks <= 8 ? 1 : weeks <= 16 ? 2 : weeks <= 32 ? 4 : weeks <= 64 ? 8 : 13;
        List<XTick> xTicks = new ArrayList<>();
        long firstWeek = Math.floorDiv(ChronoUnit.DAYS.between(start, first), 7);
        long k = Math.floorDiv(firstWeek, step) * step;
        for (; ; k += step) {
            LocalDate day = start.plusWeeks(k);
            if (day.isBefore(first)) {
                continue;
            }
            if (day.isAfter(last)) {
                break;
            }
            xTicks.add(new XTick(round(scale.x(day)), day, k));
        }

        List<Series> series = new ArrayList<>();
        for (String instrument : List.of(Instruments.PHQ_9, Instruments.GAD_7)) {
            boolean phq = instrument.equals(Instruments.PHQ_9);
            List<Point> dots = new ArrayList<>();
            StringBuilder points = new StringBuilder();
            for (Measurement m : shown) {
                if (!m.instrument().equals(instrument)) {
                    continue;
                }
                double x = round(scale.x(m.day()));
                double y = round(scale.y(Math.max(0, Math.min(MAX, m.total()))));
                dots.add(new Point(x, y, m.total(), m.day(), round(phq ? y - 10 : y + 19)));
                points.append(points.length() == 0 ? "" : " ").append(x).append(',').append(y);
            }
            if (!dots.isEmpty()) {
                series.add(new Series(instrument, phq ? "phq9" : "gad7", points.toString(), dots));
            }
        }

        Target target = null;
        if (baseline != null && baseline > 0) {
            double half = baseline / 2.0;
            double y = round(scale.y(half));
            target = new Target(y, baseline, half == Math.floor(half) ? String.valueOf((int) half) : String.valueOf(half), round(y + 4));
            // band names in the right margin make way for the target's label, staying inside their band
            for (int i = 0; i < bands.size(); i++) {
                Band band = bands.get(i);
                if (Math.abs(band.labelY() - target.labelY()) >= LINE) {
                    continue;
                }
                double top = band.y() + LINE - 2;
                double bottom = band.y() + band.height() - 4;
                double up = target.labelY() - LINE;
                double down = target.labelY() + LINE;
                double moved = up >= top ? up : down <= bottom ? down : band.labelY();
                bands.set(i, new Band(band.from(), band.to(), band.y(), band.height(), round(moved), band.key()));
            }
        }

        List<Marker> markers = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        double[] free = { Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY };
        List<TreatmentChange> ordered = changes.stream().sorted(Comparator.comparing(TreatmentChange::on)
                .thenComparing(TreatmentChange::createdAt)).toList();
        for (int i = 0; i < ordered.size(); i++) {
            TreatmentChange change = ordered.get(i);
            double x = round(scale.x(change.on()));
            // the first row whose last label has ended; otherwise the row that frees up first
            int row = x - TAG >= free[0] ? 0 : x - TAG >= free[1] ? 1 : free[0] <= free[1] ? 0 : 1;
            free[row] = x + TAG + LABEL_ROOM;
            rows.add(row);
            markers.add(new Marker(i + 1, x, change.on(), change.kind(), change.description(), row == 0 ? plotTop - 36 : plotTop - 14,
                    false));
        }
        // each label gets the room up to the next tag in its row (or the edge of the chart)
        for (int i = 0; i < markers.size(); i++) {
            Marker m = markers.get(i);
            double limit = WIDTH - 4;
            for (int j = i + 1; j < markers.size(); j++) {
                if (rows.get(j).equals(rows.get(i))) {
                    limit = markers.get(j).x() - TAG / 2.0 - 6;
                    break;
                }
            }
            int chars = (int) Math.floor((limit - (m.x() + 13)) / CHAR_WIDTH);
            boolean labelled = chars >= 8;
            markers.set(i, new Marker(m.number(), m.x(), m.day(), m.kind(), labelled ? shorten(m.label(), chars) : "", m.tagY(),
                    labelled));
        }
        Double todayX = null;
        if (open && !end.isBefore(first) && !end.isAfter(last)) {
            todayX = round(scale.x(end));
        }
        return new TrajectoryChart(WIDTH, height, plotLeft, plotRight, plotTop, plotBottom, bands, yTicks, xTicks, series, target,
                markers, todayX, shown.isEmpty());
    }

    /** The points of one instrument, or an empty list. */
    public List<Point> points(String instrument) {
        return series.stream().filter(s -> s.instrument().equals(instrument)).findFirst().map(Series::dots).orElse(List.of());
    }

    /** Where the "no measurements yet" message goes. */
    public double middleX() {
        return round((plotLeft + plotRight) / 2);
    }

    public double middleY() {
        return round((plotTop + plotBottom) / 2);
    }

    /** The x of the band names and the target's label in the right margin. */
    public double bandLabelX() {
        return plotRight + 8;
    }

    /** Where the "today" label goes: just inside the top of the plot. */
    public double todayLabelY() {
        return round(plotTop + 13);
    }

    /** The "today" label sits left of its line, unless the line is close to the y axis. */
    public boolean todayLabelLeft() {
        return todayX != null && todayX - plotLeft > 60;
    }

    static String shorten(String text, int chars) {
        int max = Math.min(chars, LABEL_CHARS);
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= max ? t : t.substring(0, max - 1).stripTrailing() + "\u2026";
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private record Scale(LocalDate first, long days, double left, double right, double top, double bottom) {

        double x(LocalDate day) {
            return left + (right - left) * ChronoUnit.DAYS.between(first, day) / (double) days;
        }

        double y(double total) {
            return bottom - (bottom - top) * total / MAX;
        }
    }
}
