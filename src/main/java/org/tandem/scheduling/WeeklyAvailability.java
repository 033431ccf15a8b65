package org.tandem.scheduling;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A template's week as clinician-minutes per weekday and local hour, by kind of block: a block from 9:30 to 10:15
 * adds 30 minutes to the 9:00 hour and 15 to the 10:00 hour of its day, and two clinicians' blocks in the same hour add
 * up (so a cell can hold more than 60 minutes). A block that runs past midnight goes on in the first hours of the next
 * day (Sunday into Monday). Pure: computed from the blocks alone, with no booking or presence taken into account.
 *
 * @param minutes for every block kind, minutes[weekday 0 = Monday .. 6 = Sunday][hour 0..23]
 */
public record WeeklyAvailability(Map<BlockKind, int[][]> minutes) {

    public WeeklyAvailability {
        Map<BlockKind, int[][]> copy = new EnumMap<>(BlockKind.class);
        for (BlockKind kind : BlockKind.values()) {
            int[][] cells = minutes.get(kind);
            copy.put(kind, cells == null ? new int[7][24] : copyOf(cells));
        }
        minutes = copy;
    }

    public static WeeklyAvailability of(List<TemplateBlock> blocks) {
        Map<BlockKind, int[][]> minutes = new EnumMap<>(BlockKind.class);
        for (BlockKind kind : BlockKind.values()) {
            minutes.put(kind, new int[7][24]);
        }
        for (TemplateBlock block : blocks) {
            int[][] cells = minutes.get(block.kind());
            int day = block.day().getValue() - 1;
            int start = block.start().getHour() * 60 + block.start().getMinute();
            int end = start + Math.max(0, block.minutes());
            for (int minute = start; minute < end; ) {
                int hourEnd = (minute / 60 + 1) * 60;
                int taken = Math.min(hourEnd, end) - minute;
                int hourOfWeek = (day * 24 + minute / 60) % (7 * 24);
                cells[hourOfWeek / 24][hourOfWeek % 24] += taken;
                minute += taken;
            }
        }
        return new WeeklyAvailability(minutes);
    }

    /** Minutes of one kind of block. */
    public int[][] of(BlockKind kind) {
        return copyOf(minutes.get(kind));
    }

    /** Minutes held open for warm handoffs (open-access blocks). */
    public int[][] openAccess() {
        return of(BlockKind.OPEN_ACCESS);
    }

    /**
     * Minutes in which the template leaves a clinician free to take a warm handoff: open access and admin time (the
     * blocks in which {@code handoff.Availability} shows a clinician as available without a booking).
     */
    public int[][] available() {
        return sum(BlockKind.OPEN_ACCESS, BlockKind.ADMIN);
    }

    /**
     * Minutes that can be booked in advance: counseling and brief visits. Open access is not counted here although it
     * can be booked from its release time on when unused: it is held for handoffs first.
     */
    public int[][] bookable() {
        return sum(BlockKind.COUNSELING, BlockKind.BRIEF);
    }

    /** Minutes of one kind in one cell. */
    public int minutes(BlockKind kind, int weekday, int hour) {
        return minutes.get(kind)[weekday][hour];
    }

    /** Minutes of one kind in the whole week. */
    public int total(BlockKind kind) {
        int total = 0;
        for (int[] day : minutes.get(kind)) {
            for (int m : day) {
                total += m;
            }
        }
        return total;
    }

    private int[][] sum(BlockKind... kinds) {
        int[][] sum = new int[7][24];
        for (BlockKind kind : kinds) {
            int[][] cells = minutes.get(kind);
            for (int day = 0; day < 7; day++) {
                for (int hour = 0; hour < 24; hour++) {
                    sum[day][hour] += cells[day][hour];
                }
            }
        }
        return sum;
    }

    private static int[][] copyOf(int[][] cells) {
        int[][] copy = new int[7][24];
        for (int day = 0; day < 7; day++) {
            System.arraycopy(cells[day], 0, copy[day], 0, 24);
        }
        return copy;
    }
}
