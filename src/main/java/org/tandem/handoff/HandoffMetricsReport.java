package org.tandem.handoff;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Warm handoff metrics of a period, in total and broken down by week, hour of day, accepting clinician, reason and
 * requesting clinician. See {@link HandoffMetrics} for how each figure is counted.
 *
 * @param byWeek one row per week (Monday to Sunday, in the practice's time zone) overlapping the period, oldest first,
 *        weeks without requests included; key = the Monday (yyyy-mm-dd)
 * @param byHour one row per local hour of the day 0..23 (key "0".."23"), hours without requests included
 * @param byClinician one row per behavioral health clinician who accepted a handoff (key = account id), by name;
 *        {@code requests} there is the number of requests they accepted
 * @param byReason one row per reason with requests (key = reason code), in the order of {@link HandoffReason}
 * @param byRequester one row per requesting clinician (key = account id), by name
 */
public record HandoffMetricsReport(Filter filter, ZoneId zone, Counts total, List<Row> byWeek, List<Row> byHour,
        List<Row> byClinician, List<Row> byReason, List<Row> byRequester) {

    /**
     * What the metrics cover.
     *
     * @param from first day (practice's time zone)
     * @param to last day, included
     * @param reason only requests for this reason, or null for all
     * @param requester only requests of this clinician (the PCP an MA asked for, or who asked), or null for all
     */
    public record Filter(LocalDate from, LocalDate to, HandoffReason reason, UUID requester) {
    }

    /**
     * The figures of one group of requests.
     *
     * @param medianSecondsToAccept the exact median of the seconds from request to acceptance over the accepted
     *        requests (the mean of the two middle values for an even number), or null when none was accepted
     */
    public record Counts(int requests, int accepted, int completed, int missed, Double medianSecondsToAccept) {

        /** The median time to accept in minutes, or null when none was accepted. */
        public Double medianMinutesToAccept() {
            return medianSecondsToAccept == null ? null : medianSecondsToAccept / 60.0;
        }

        /** Accepted requests as a share of requests (0..1), or null without requests. */
        public Double acceptanceRate() {
            return requests == 0 ? null : (double) accepted / requests;
        }
    }

    /** One group: its key (see the lists above), what to call it, and its figures. */
    public record Row(String key, String label, Counts counts) {
    }
}
