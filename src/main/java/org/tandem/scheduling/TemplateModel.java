package org.tandem.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A weekly template unrolled over the simulated weeks (and a tail long enough to book return visits asked for at the
 * end): for each BHC the block occurrences in time order, in minutes since Monday 0:00 of week 0. Immutable, shared by
 * all replications. BHCs are ordered by id, blocks by time, so the order of the block list does not matter.
 */
final class TemplateModel {

    static final int DAY = 24 * 60;
    static final int WEEK = 7 * DAY;

    static final byte OPEN_ACCESS = 0;
    static final byte ADMIN = 1;
    static final byte COUNSELING = 2;
    static final byte BRIEF = 3;
    static final byte HUDDLE = 4;

    final UUID[] clinicians;
    /** A number per BHC that keys the random draws of their slots. */
    final long[] clinicianKeys;
    final int[][] start;
    final int[][] end;
    final byte[][] kind;
    /** End of the simulated weeks; handoff needs arise before it and only visits before it count. */
    final int horizon;
    /** Minutes of all blocks of all BHCs that start before the horizon. */
    final double scheduledMinutes;
    /** Counseling and brief occurrences of all BHCs by start (then BHC): where return visits are booked. */
    final int[] bookableStart;
    final int[] bookableClinician;
    final int[] bookableIndex;

    private TemplateModel(UUID[] clinicians, int[][] start, int[][] end, byte[][] kind, int horizon) {
        this.clinicians = clinicians;
        this.start = start;
        this.end = end;
        this.kind = kind;
        this.horizon = horizon;
        this.clinicianKeys = new long[clinicians.length];
        double scheduled = 0;
        List<int[]> bookable = new ArrayList<>();
        for (int c = 0; c < clinicians.length; c++) {
            clinicianKeys[c] = Randoms.mix(clinicians[c].getMostSignificantBits() ^ Randoms.mix(clinicians[c].getLeastSignificantBits()));
            for (int i = 0; i < start[c].length; i++) {
                if (start[c][i] < horizon) {
                    scheduled += end[c][i] - start[c][i];
                }
                if (kind[c][i] == COUNSELING || kind[c][i] == BRIEF) {
                    bookable.add(new int[] { start[c][i], c, i });
                }
            }
        }
        this.scheduledMinutes = scheduled;
        bookable.sort(Comparator.<int[]>comparingInt(b -> b[0]).thenComparingInt(b -> b[1]));
        bookableStart = new int[bookable.size()];
        bookableClinician = new int[bookable.size()];
        bookableIndex = new int[bookable.size()];
        for (int k = 0; k < bookable.size(); k++) {
            bookableStart[k] = bookable.get(k)[0];
            bookableClinician[k] = bookable.get(k)[1];
            bookableIndex[k] = bookable.get(k)[2];
        }
    }

    int clinicianCount() {
        return clinicians.length;
    }

    /**
     * @param weeks the simulated weeks
     * @param tailWeeks further weeks whose slots exist only for booking return visits (and for needs still waiting
     *        at the end)
     * @throws InvalidScheduleData when a block is incomplete, lasts no time or more than a day, or overlaps another
     *         block of the same BHC
     */
    static TemplateModel of(List<TemplateBlock> blocks, int weeks, int tailWeeks) {
        List<String> problems = new ArrayList<>();
        TreeMap<UUID, List<TemplateBlock>> byClinician = new TreeMap<>();
        for (TemplateBlock block : blocks) {
            if (block == null || block.clinician() == null || block.day() == null || block.start() == null || block.kind() == null) {
                problems.add("A block has no clinician, day, start or kind.");
                continue;
            }
            if (block.minutes() < 1 || block.minutes() > DAY) {
                problems.add("A block must last between 1 minute and 24 hours.");
                continue;
            }
            byClinician.computeIfAbsent(block.clinician(), c -> new ArrayList<>()).add(block);
        }
        UUID[] clinicians = byClinician.keySet().toArray(UUID[]::new);
        int n = clinicians.length;
        int totalWeeks = weeks + tailWeeks;
        int[][] start = new int[n][];
        int[][] end = new int[n][];
        byte[][] kind = new byte[n][];
        for (int c = 0; c < n; c++) {
            List<TemplateBlock> week = new ArrayList<>(byClinician.get(clinicians[c]));
            week.sort(Comparator.comparingInt(TemplateModel::weekMinute).thenComparingInt(TemplateBlock::minutes));
            for (int i = 0; i < week.size(); i++) {
                TemplateBlock b = week.get(i);
                TemplateBlock next = week.get((i + 1) % week.size());
                int nextStart = weekMinute(next) + (i + 1 == week.size() ? WEEK : 0);
                if (weekMinute(b) + b.minutes() > nextStart) {
                    problems.add("Two blocks of the same clinician overlap (" + b.day() + " " + b.start() + ").");
                }
            }
            int m = week.size();
            start[c] = new int[m * totalWeeks];
            end[c] = new int[m * totalWeeks];
            kind[c] = new byte[m * totalWeeks];
            for (int w = 0; w < totalWeeks; w++) {
                for (int i = 0; i < m; i++) {
                    TemplateBlock b = week.get(i);
                    int k = w * m + i;
                    start[c][k] = w * WEEK + weekMinute(b);
                    end[c][k] = start[c][k] + b.minutes();
                    kind[c][k] = code(b.kind());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidScheduleData(problems.stream().distinct().toList());
        }
        return new TemplateModel(clinicians, start, end, kind, weeks * WEEK);
    }

    static int weekMinute(TemplateBlock block) {
        return block.day().ordinal() * DAY + block.start().getHour() * 60 + block.start().getMinute();
    }

    static byte code(BlockKind kind) {
        switch (kind) {
            case OPEN_ACCESS:
                return OPEN_ACCESS;
            case ADMIN:
                return ADMIN;
            case COUNSELING:
                return COUNSELING;
            case BRIEF:
                return BRIEF;
            default:
                return HUDDLE;
        }
    }
}
