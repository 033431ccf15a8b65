package org.tandem.scheduling;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.tandem.scheduling.SimulationResult.Metric;

/**
 * A proposed change to a template: one BHC's open-access slot moves to another time of their week, trading places
 * with a bookable block of the same length (so the template's bookable time stays the same) or with part of an admin
 * block. Made only when the simulation's 95% confidence interval of the gain in handoffs met lies above zero.
 *
 * @param clinician the BHC whose slot moves
 * @param minutes the slot's length
 * @param fromDay the slot's day now
 * @param fromStart the slot's start now
 * @param toDay the day it moves to
 * @param toStart the start it moves to
 * @param swappedWith the kind of block that takes the slot's old place (counseling, brief or admin)
 * @param blocks the whole changed week, ready to save as a new draft
 * @param comparison the template as it is (A) against the changed one (B), full replications, same seed
 */
public record Suggestion(UUID clinician, int minutes, DayOfWeek fromDay, LocalTime fromStart, DayOfWeek toDay,
        LocalTime toStart, BlockKind swappedWith, List<TemplateBlock> blocks, TemplateComparison comparison) {

    public Suggestion {
        blocks = List.copyOf(blocks);
    }

    public Estimate handoffsMetBefore() {
        return comparison.a().estimate(Metric.HANDOFFS_MET);
    }

    public Estimate handoffsMetAfter() {
        return comparison.b().estimate(Metric.HANDOFFS_MET);
    }

    /** The gain in the share of handoffs met (after - before, paired over replications). */
    public Estimate improvement() {
        return comparison.difference(Metric.HANDOFFS_MET);
    }

    public Estimate billableHoursBefore() {
        return comparison.a().estimate(Metric.BILLABLE_HOURS);
    }

    public Estimate billableHoursAfter() {
        return comparison.b().estimate(Metric.BILLABLE_HOURS);
    }

    /** In English, e.g. "Move Dana's open-access slot from Tuesday 8:00 to Tuesday 10:30 (swap with counseling)". */
    public String describe(String clinicianName) {
        String with = swappedWith == BlockKind.ADMIN ? "into admin time" : "swap with " + swappedWith.code();
        return "Move " + clinicianName + "'s open-access slot from " + day(fromDay) + " " + time(fromStart) + " to "
                + day(toDay) + " " + time(toStart) + " (" + with + ")";
    }

    private static String day(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String time(LocalTime time) {
        return time.getHour() + ":" + (time.getMinute() < 10 ? "0" : "") + time.getMinute();
    }
}
