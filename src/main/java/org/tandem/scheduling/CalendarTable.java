package org.tandem.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.ToIntFunction;

/**
 * Lays slots out as a table: a column per clinician (day view) or per day (week view), a row per time at which some
 * slot starts or ends, and each slot in one cell spanning the rows of its time. Rows are not drawn to scale, so short
 * visits stay readable; every row starts with its time. Slots that overlap in one column share a cell.
 *
 * @param <S> what a cell shows
 */
record CalendarTable<S>(List<String> times, List<List<Cell<S>>> rows) {

    /** A cell: the slots that start in it (empty for a gap), how many rows it spans, or covered by a cell above. */
    record Cell<S>(List<S> slots, int rowspan, boolean covered) {

        public boolean empty() {
            return !covered && slots.isEmpty();
        }
    }

    /**
     * @param columns the slots of each column, in order of start
     * @param start minute of the day a slot starts at
     * @param end minute of the day a slot ends at (1440 for midnight)
     */
    static <S> CalendarTable<S> of(List<List<S>> columns, ToIntFunction<S> start, ToIntFunction<S> end) {
        TreeSet<Integer> marks = new TreeSet<>();
        for (List<S> column : columns) {
            for (S slot : column) {
                marks.add(start.applyAsInt(slot));
                marks.add(Math.max(start.applyAsInt(slot) + 1, end.applyAsInt(slot)));
            }
        }
        List<Integer> bounds = new ArrayList<>(marks);
        int rowCount = Math.max(0, bounds.size() - 1);
        List<List<Cell<S>>> rows = new ArrayList<>();
        for (int r = 0; r < rowCount; r++) {
            List<Cell<S>> row = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                row.add(new Cell<>(List.of(), 1, false));
            }
            rows.add(row);
        }
        for (int c = 0; c < columns.size(); c++) {
            int coveredUntil = -1;
            int open = -1;
            List<S> openSlots = null;
            for (S slot : columns.get(c)) {
                int first = bounds.indexOf(start.applyAsInt(slot));
                int last = bounds.indexOf(Math.max(start.applyAsInt(slot) + 1, end.applyAsInt(slot)));
                if (open >= 0 && first < coveredUntil) {
                    openSlots.add(slot);
                    coveredUntil = Math.max(coveredUntil, last);
                } else {
                    if (open >= 0) {
                        close(rows, c, open, coveredUntil, openSlots);
                    }
                    open = first;
                    coveredUntil = last;
                    openSlots = new ArrayList<>(List.of(slot));
                }
            }
            if (open >= 0) {
                close(rows, c, open, coveredUntil, openSlots);
            }
        }
        List<String> times = new ArrayList<>();
        for (int r = 0; r < rowCount; r++) {
            times.add(TemplateRules.time(bounds.get(r) % (24 * 60)));
        }
        return new CalendarTable<>(times, rows);
    }

    private static <S> void close(List<List<Cell<S>>> rows, int column, int first, int last, List<S> slots) {
        rows.get(first).set(column, new Cell<>(List.copyOf(slots), last - first, false));
        for (int r = first + 1; r < last; r++) {
            rows.get(r).set(column, new Cell<>(List.of(), 0, true));
        }
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }
}
