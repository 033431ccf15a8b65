package org.tandem.measure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The dashboard's tables as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or line breaks
 * in double quotes, quotes doubled), UTF-8 with a byte-order mark so spreadsheets read accented names right; a field
 * a spreadsheet would take for a formula (starting with =, +, -, @, tab or carriage return) is prefixed with an
 * apostrophe, as the handoff metrics CSV does. Rates are fractions (0..1) with a dot as decimal separator.
 */
final class MeasureCsv {

    static final String BOM = "\uFEFF";

    private MeasureCsv() {
    }

    static String of(List<String> header, List<List<String>> rows) {
        StringBuilder csv = new StringBuilder(BOM);
        row(csv, header);
        rows.forEach(r -> row(csv, r));
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> fields) {
        csv.append(fields.stream().map(MeasureCsv::field).collect(Collectors.joining(","))).append("\r\n");
    }

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
