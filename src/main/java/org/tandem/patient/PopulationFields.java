package org.tandem.patient;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields population features read, taken from a resource's FHIR JSON once, when it is saved (and, for rows stored
 * before these columns existed, when it is read). Plain JSON tree reads: no FHIR model parsing. The elements are the
 * ones the CMS2 and CMS159 CQL read through FHIRHelpers and QICoreCommon (as the measure module's FhirMeasureMapper
 * reads them from HAPI resources).
 *
 * <p>Times are kept as text: a FHIR dateTime as given; for a Condition onset given as an Age or Range, {@code age:N:unit};
 * for an abatement Period, {@code before:<end>} (QICoreCommon abatementInterval: {@code Interval[low, high)}); for an
 * abatement Age or Range, {@code age-end:N:unit}. {@link #instant} places them with the practice's zone when read.
 */
final class PopulationFields {

    /** The version of the extraction; rows with NULL were stored before it and are read from their raw JSON. */
    static final int VERSION = 1;
    static final String QICORE_NOT_DONE_REASON = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDoneReason";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private PopulationFields() {
    }

    record PatientFields(boolean deceased, String deceasedText) {
    }

    record EncounterFields(String typeCodings, String dischargeCodings, String startText, String endText) {
    }

    /**
     * @param kind {@code point} (start = end), {@code period}, {@code condition} (onset, abatement) or {@code authored}
     *        (requests: authoredOn in start)
     */
    record FactFields(String codings, String valueCodings, boolean hasValue, String categories, String clinicalStatus,
            String verificationStatus, String notDoneReasons, String intent, boolean doNotPerform, Instant issued, String kind,
            String start, String end) {
    }

    static PatientFields patient(String rawJson) {
        JsonNode root = parse(rawJson);
        if (root == null) {
            return new PatientFields(false, null);
        }
        if (root.has("deceasedBoolean")) {
            return new PatientFields(root.get("deceasedBoolean").asBoolean(), null);
        }
        if (root.has("deceasedDateTime")) {
            return new PatientFields(true, text(root.get("deceasedDateTime")));
        }
        return new PatientFields(false, null);
    }

    static EncounterFields encounter(String rawJson, String typeSystem, String typeCode) {
        JsonNode root = parse(rawJson);
        if (root == null) {
            return new EncounterFields(typeSystem == null || typeCode == null ? null : typeSystem + "|" + typeCode, null, null, null);
        }
        List<String> types = new ArrayList<>();
        for (JsonNode type : root.path("type")) {
            codings(type, types);
        }
        List<String> discharge = new ArrayList<>();
        codings(root.path("hospitalization").path("dischargeDisposition"), discharge);
        JsonNode period = root.path("period");
        return new EncounterFields(join(types, 4000), join(discharge, 2000), text(period.get("start")), text(period.get("end")));
    }

    static FactFields fact(String resourceType, String rawJson) {
        JsonNode root = parse(rawJson);
        if (root == null) {
            return new FactFields(null, null, false, null, null, null, null, null, false, null, null, null, null);
        }
        List<String> codes = new ArrayList<>();
        codings(root.path("MedicationRequest".equals(resourceType) ? "medicationCodeableConcept" : "Coverage".equals(resourceType)
                ? "type" : "code"), codes);
        List<String> values = new ArrayList<>();
        codings(root.path("valueCodeableConcept"), values);
        boolean hasValue = false;
        if ("Observation".equals(resourceType)) {
            for (String name : root.propertyNames()) {
                if (name.startsWith("value") && name.length() > 5 && Character.isUpperCase(name.charAt(5))) {
                    hasValue = true;
                }
            }
        }
        List<String> categories = new ArrayList<>();
        for (JsonNode category : root.path("category")) {
            codings(category, categories);
        }
        List<String> clinical = new ArrayList<>();
        codings(root.path("clinicalStatus"), clinical);
        List<String> verification = new ArrayList<>();
        codings(root.path("verificationStatus"), verification);
        List<String> reasons = new ArrayList<>();
        for (JsonNode extension : root.path("extension")) {
            if (QICORE_NOT_DONE_REASON.equals(extension.path("url").asString(null))) {
                codings(extension.path("valueCodeableConcept"), reasons);
            }
        }
        String intent = root.path("intent").asString(null);
        boolean doNotPerform = root.path("doNotPerform").asBoolean(false);
        Instant issued = null;
        if (root.has("issued")) {
            issued = instant(text(root.get("issued")), ZoneId.of("UTC"), null);
        }
        String kind = null;
        String start = null;
        String end = null;
        switch (resourceType) {
            case "Observation", "Procedure" -> {
                String prefix = "Observation".equals(resourceType) ? "effective" : "performed";
                JsonNode point = root.has(prefix + "DateTime") ? root.get(prefix + "DateTime") : root.get(prefix + "Instant");
                if (point != null) {
                    kind = "point";
                    start = text(point);
                    end = start;
                } else if (root.has(prefix + "Period")) {
                    kind = "period";
                    start = text(root.get(prefix + "Period").get("start"));
                    end = text(root.get(prefix + "Period").get("end"));
                }
            }
            case "Condition" -> {
                kind = "condition";
                if (root.has("onsetDateTime")) {
                    start = text(root.get("onsetDateTime"));
                } else if (root.has("onsetPeriod")) {
                    start = text(root.get("onsetPeriod").get("start"));
                } else if (root.has("onsetAge")) {
                    start = age("age:", root.get("onsetAge"));
                } else if (root.has("onsetRange")) {
                    start = age("age:", root.get("onsetRange").get("low"));
                }
                if (root.has("abatementDateTime")) {
                    end = text(root.get("abatementDateTime"));
                } else if (root.has("abatementPeriod")) {
                    String high = text(root.get("abatementPeriod").get("end"));
                    end = high == null ? null : "before:" + high;
                } else if (root.has("abatementAge")) {
                    end = age("age-end:", root.get("abatementAge"));
                } else if (root.has("abatementRange")) {
                    end = age("age-end:", root.get("abatementRange").get("high"));
                }
            }
            case "MedicationRequest", "ServiceRequest" -> {
                kind = "authored";
                start = text(root.get("authoredOn"));
            }
            default -> {
            }
        }
        return new FactFields(join(codes, 4000), join(values, 2000), hasValue, join(categories, 2000), join(clinical, 1000),
                join(verification, 1000), join(reasons, 2000), intent == null || intent.length() > 40 ? null : intent, doNotPerform,
                issued, kind, fit(start), fit(end));
    }

    /**
     * A stored time as an instant: a dateTime with a time as given; a date (YYYY, YYYY-MM, YYYY-MM-DD) as the start of
     * the first day it covers in {@code zone}; an age as that birthday ({@code age-end}: the last day of that year of
     * life); {@code before:} one millisecond before the time. Null when it cannot be placed.
     */
    static Instant instant(String text, ZoneId zone, LocalDate birthDate) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            if (text.startsWith("before:")) {
                Instant high = instant(text.substring(7), zone, birthDate);
                return high == null ? null : high.minusMillis(1);
            }
            if (text.startsWith("age:") || text.startsWith("age-end:")) {
                String[] parts = text.split(":", 3);
                if (birthDate == null || parts.length < 3) {
                    return null;
                }
                long n = (long) Double.parseDouble(parts[1]);
                LocalDate at;
                switch (parts[2]) {
                    case "a", "year", "years" -> at = birthDate.plusYears(n);
                    case "mo", "month", "months" -> at = birthDate.plusMonths(n);
                    case "wk", "week", "weeks" -> at = birthDate.plusWeeks(n);
                    case "d", "day", "days" -> at = birthDate.plusDays(n);
                    default -> {
                        return null;
                    }
                }
                if (text.startsWith("age-end:")) {
                    at = at.plusYears(1).minusDays(1);
                }
                return at.atStartOfDay(zone).toInstant();
            }
            if (!text.contains("T")) {
                LocalDate date = switch (text.length()) {
                    case 4 -> LocalDate.of(Integer.parseInt(text), 1, 1);
                    case 7 -> LocalDate.parse(text + "-01");
                    default -> LocalDate.parse(text.substring(0, 10));
                };
                return date.atStartOfDay(zone).toInstant();
            }
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (java.time.format.DateTimeParseException noOffset) {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            }
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether a stored time has day precision (a date without a time, or an age). */
    static boolean dayPrecision(String text) {
        return text != null && !text.isEmpty() && (text.startsWith("age:") || !text.contains("T"));
    }

    /** Splits a stored coding list back into (system, code) pairs; a coding without a system has a null system. */
    static List<ClinicalFactDetails.Coding> split(String codings) {
        if (codings == null || codings.isEmpty()) {
            return List.of();
        }
        List<ClinicalFactDetails.Coding> result = new ArrayList<>();
        for (String coding : codings.split("\t")) {
            int bar = coding.indexOf('|');
            if (bar >= 0) {
                result.add(new ClinicalFactDetails.Coding(bar == 0 ? null : coding.substring(0, bar), coding.substring(bar + 1)));
            }
        }
        return List.copyOf(result);
    }

    private static String age(String prefix, JsonNode quantity) {
        if (quantity == null || !quantity.has("value")) {
            return null;
        }
        String unit = quantity.has("code") ? quantity.get("code").asString(null) : quantity.path("unit").asString(null);
        return unit == null ? null : prefix + quantity.get("value").asString() + ":" + unit;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asString(null);
    }

    private static String fit(String text) {
        return text == null || text.length() > 80 ? null : text;
    }

    /** Every coding with a code ("system|code"; "|code" when the coding has no system). */
    private static void codings(JsonNode concept, List<String> into) {
        for (JsonNode coding : concept.path("coding")) {
            String system = coding.path("system").asString(null);
            String code = coding.path("code").asString(null);
            if (code != null && !code.contains("\t") && (system == null || !system.contains("\t") && !system.contains("|"))) {
                String joined = (system == null ? "" : system) + "|" + code;
                if (!into.contains(joined)) {
                    into.add(joined);
                }
            }
        }
    }

    private static String join(List<String> codings, int max) {
        if (codings.isEmpty()) {
            return null;
        }
        StringBuilder joined = new StringBuilder();
        for (String coding : codings) {
            if (joined.length() + coding.length() + 1 > max) {
                break;
            }
            if (joined.length() > 0) {
                joined.append('\t');
            }
            joined.append(coding);
        }
        return joined.toString();
    }

    private static JsonNode parse(String rawJson) {
        if (rawJson == null || rawJson.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(rawJson);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
