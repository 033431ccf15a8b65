package org.tandem.handoff;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The handoff metrics as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks in
 * double quotes, quotes doubled), one row per group: the total, then each week, hour, accepting clinician, reason and
 * requesting clinician. UTF-8 with a byte-order mark so that spreadsheets read accented names right; a field a
 * spreadsheet would take for a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an
 * apostrophe. Rates are fractions (0..1) and times minutes, with a dot as decimal separator; empty when undefined.
 */
final class HandoffMetricsCsv {

    static final String BOM = "\uFEFF";
    static final List<String> HEADER = List.of("from", "to", "reason_filter", "requester_filter", "breakdown", "key", "label",
            "requests", "accepted", "completed", "missed", "acceptance_rate", "median_minutes_to_accept");

    private HandoffMetricsCsv() {
    }

    static String of(HandoffMetricsReport report, String requesterName) {
        StringBuilder csv = new StringBuilder(BOM);
        row(csv, HEADER);
        HandoffMetricsReport.Filter f = report.filter();
        List<String> common = List.of(f.from().toString(), f.to().toString(), f.reason() == null ? "" : f.reason().code(),
                requesterName == null ? "" : requesterName);
        rows(csv, common, "total", List.of(new HandoffMetricsReport.Row("", "", report.total())));
        rows(csv, common, "week", report.byWeek());
        rows(csv, common, "hour", report.byHour());
        rows(csv, common, "accepting_clinician", report.byClinician());
        rows(csv, common, "reason", report.byReason());
        rows(csv, common, "requesting_clinician", report.byRequester());
        return csv.toString();
    }

    private static void rows(StringBuilder csv, List<String> common, String breakdown, List<HandoffMetricsReport.Row> rows) {
        for (HandoffMetricsReport.Row r : rows) {
            HandoffMetricsReport.Counts c = r.counts();
            List<String> fields = new java.util.ArrayList<>(common);
            fields.addAll(List.of(breakdown, r.key(), r.label(), Integer.toString(c.requests()), Integer.toString(c.accepted()),
                    Integer.toString(c.completed()), Integer.toString(c.missed()),
                    c.acceptanceRate() == null ? "" : String.format(Locale.ROOT, "%.4f", c.acceptanceRate()),
                    c.medianMinutesToAccept() == null ? "" : String.format(Locale.ROOT, "%.2f", c.medianMinutesToAccept())));
            row(csv, fields);
        }
    }

    private static void row(StringBuilder csv, List<String> fields) {
        csv.append(fields.stream().map(HandoffMetricsCsv::field).collect(Collectors.joining(","))).append("\r\n");
    }

    /** One field, guarded against formulas and quoted when needed. */
    static String field(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r") || !v.equals(v.strip())) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
