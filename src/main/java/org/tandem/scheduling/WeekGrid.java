package org.tandem.scheduling;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The geometry of one clinician's week in the template editor (server-rendered SVG): a column per shown weekday, an
 * hour line per hour from 08:00 (earlier if a block starts earlier) to 17:00 (later if a block ends later), and a box
 * per block, its kind told by a pattern and its words as well as its colour. Words come from the messages files;
 * this class only places things. Coordinates are SVG user units, rounded to 0.1.
 */
record WeekGrid(int width, int height, double left, double top, double bottom, double columnWidth, List<Day> days,
        List<HourLine> hours, List<Box> boxes) {

    static final int WIDTH = 760;
    static final int LEFT = 52;
    static final int RIGHT = 6;
    static final int TOP = 30;
    static final int BOTTOM_PAD = 8;
    static final double PX_PER_HOUR = 52;
    static final int FIRST_HOUR = 8;
    static final int LAST_HOUR = 17;
    /** A box needs this much height for the kind and the time on two lines, or for the time on one. */
    static final double TWO_LINES = 34;
    static final double ONE_LINE = 15;

    /** A weekday column: its left edge and centre. */
    record Day(DayOfWeek day, String key, double x, double center) {
    }

    /** An hour line and its label. */
    record HourLine(int hour, double y, String label) {
    }

    /** One block: where it is, its kind's code (CSS class and message key), its times and which lines of text fit. */
    record Box(UUID id, String kind, DayOfWeek day, String dayKey, double x, double y, double width, double height, String start,
            String end, boolean twoLines, boolean oneLine, double textX, double line1Y, double line2Y) {
    }

    static WeekGrid of(List<TemplateBlock> blocks, List<DayOfWeek> shown) {
        int firstHour = FIRST_HOUR;
        int lastHour = LAST_HOUR;
        for (TemplateBlock b : blocks) {
            int start = TemplateRules.minuteOfDay(b.start());
            firstHour = Math.min(firstHour, start / 60);
            lastHour = Math.max(lastHour, (start + b.minutes() + 59) / 60);
        }
        double columnWidth = round((WIDTH - LEFT - RIGHT) / (double) Math.max(1, shown.size()));
        double bottom = TOP + (lastHour - firstHour) * PX_PER_HOUR;
        List<Day> days = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            double x = round(LEFT + i * columnWidth);
            days.add(new Day(shown.get(i), key(shown.get(i)), x, round(x + columnWidth / 2)));
        }
        List<HourLine> hours = new ArrayList<>();
        for (int hour = firstHour; hour <= lastHour; hour++) {
            hours.add(new HourLine(hour, round(TOP + (hour - firstHour) * PX_PER_HOUR), TemplateRules.time(hour * 60)));
        }
        List<Box> boxes = new ArrayList<>();
        for (TemplateBlock b : blocks) {
            int column = shown.indexOf(b.day());
            if (column < 0) {
                continue;
            }
            int start = TemplateRules.minuteOfDay(b.start());
            double x = round(LEFT + column * columnWidth + 3);
            double y = round(TOP + (start - firstHour * 60) * PX_PER_HOUR / 60);
            double height = round(Math.max(2, b.minutes() * PX_PER_HOUR / 60));
            boolean twoLines = height >= TWO_LINES;
            boxes.add(new Box(b.id(), b.kind().code(), b.day(), key(b.day()), x, y, round(columnWidth - 6), height,
                    TemplateRules.time(start), TemplateRules.time(start + b.minutes()), twoLines, !twoLines && height >= ONE_LINE,
                    round(x + 6), round(y + (twoLines ? 14 : height / 2 + 4)), round(y + 28)));
        }
        return new WeekGrid(WIDTH, (int) Math.ceil(bottom + BOTTOM_PAD), LEFT, TOP, bottom, columnWidth, days, hours, boxes);
    }

    /** Message key part of a weekday: "monday". */
    static String key(DayOfWeek day) {
        return day.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
