package org.tandem.registry;

import java.util.List;
import java.util.stream.Collectors;
import org.tandem.registry.BillingMonth.Claim;
import org.tandem.registry.BillingMonth.Next;
import org.tandem.registry.BillingMonth.NotCounted;
import org.tandem.registry.BillingMonth.Refusal;

/**
 * The billing report as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks in
 * double quotes, quotes doubled), one row per patient and billing practitioner. UTF-8 with a byte-order mark so that
 * spreadsheets read accented names right; a field that a spreadsheet would take for a formula (starting with =, +, -,
 * @, tab or carriage return) is prefixed with an apostrophe. Column names are stable identifiers for import.
 */
final class BillingCsv {

    static final String BOM = "\uFEFF";
    static final List<String> HEADER = List.of("month", "rules", "billing_practitioner", "patient", "mrn", "patient_id", "cocm_month",
            "counted_minutes", "codes", "unverified_codes", "not_billable", "next_threshold", "not_counted");

    private BillingCsv() {
    }

    static String of(BillingReport report) {
        StringBuilder csv = new StringBuilder(BOM);
        row(csv, HEADER);
        String rules = report.rules() == null ? "none for " + report.month().getYear()
                : report.rules().year() + " " + report.rules().setting().code() + (report.rules().verified() ? "" : " (partly UNVERIFIED)");
        for (BillingReport.Group group : report.groups()) {
            for (BillingReport.Line line : group.lines()) {
                row(csv, List.of(report.month().toString(), rules, group.name() == null ? "" : group.name(), line.patientName(),
                        line.mrn() == null ? "" : line.mrn(), line.patient().value().toString(),
                        line.cocmMonth() == null ? "" : line.cocmMonth().code(), Integer.toString(line.minutes()),
                        line.claims().stream().map(Claim::label).collect(Collectors.joining("; ")),
                        line.claims().stream().filter(c -> !c.verified()).map(Claim::code).collect(Collectors.joining("; ")),
                        line.refusals().stream().map(Refusal::text).collect(Collectors.joining("; ")),
                        line.next().stream().map(BillingCsv::next).collect(Collectors.joining("; ")),
                        line.notCounted().stream().map(BillingCsv::notCounted).collect(Collectors.joining("; "))));
            }
        }
        return csv.toString();
    }

    private static String next(Next n) {
        return n.code() + (n.unit() > 1 ? " unit " + n.unit() : "") + " at " + n.atMinutes() + " min (" + n.minutesToGo() + " to go)";
    }

    private static String notCounted(NotCounted n) {
        return n.why().code() + " " + n.minutes() + " min" + (n.on() == null ? "" : " (" + n.on() + ")");
    }

    private static void row(StringBuilder csv, List<String> fields) {
        csv.append(fields.stream().map(BillingCsv::field).collect(Collectors.joining(","))).append("\r\n");
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
