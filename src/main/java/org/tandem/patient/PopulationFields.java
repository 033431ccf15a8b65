package org.tandem.patient;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields population features read, taken from a resource's FHIR JSON once, when it is saved (and, for rows stored
 * before these columns existed, when it is read). Plain JSON tree reads: no FHIR model parsing.
 */
final class PopulationFields {

    /** The version of the extraction; rows with NULL were stored before it and are read from their raw JSON. */
    static final int VERSION = 1;
    static final String QICORE_NOT_DONE_REASON = "http://hl7.org/fhir/us/qicore/StructureDefinition/qicore-notDoneReason";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private PopulationFields() {
    }

    record PatientFields(Boolean deceased, Instant deceasedAt) {
    }

    record EncounterFields(String typeCodings, String dischargeCodings) {
    }

    record FactFields(String codings, String valueCodings, String categories, String clinicalStatus, String verificationStatus,
            String notDoneReasons, String intent, boolean doNotPerform, Instant issued, boolean dateOnly) {
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
            return new PatientFields(true, instant(root.get("deceasedDateTime").asString()));
        }
        return new PatientFields(false, null);
    }

    static EncounterFields encounter(String rawJson, String typeSystem, String typeCode) {
        JsonNode root = parse(rawJson);
        if (root == null) {
            return new EncounterFields(typeSystem == null || typeCode == null ? null : typeSystem + "|" + typeCode, null);
        }
        List<String> types = new ArrayList<>();
        for (JsonNode type : root.path("type")) {
            codings(type, types);
        }
        List<String> discharge = new ArrayList<>();
        codings(root.path("hospitalization").path("dischargeDisposition"), discharge);
        return new EncounterFields(join(types, 4000), join(discharge, 2000));
    }

    static FactFields fact(String resourceType, String rawJson) {
        JsonNode root = parse(rawJson);
        if (root == null) {
            return new FactFields(null, null, null, null, null, null, null, false, null, false);
        }
        List<String> codes = new ArrayList<>();
        codings(root.path("MedicationRequest".equals(resourceType) ? "medicationCodeableConcept" : "Coverage".equals(resourceType)
                ? "type" : "code"), codes);
        List<String> values = new ArrayList<>();
        codings(root.path("valueCodeableConcept"), values);
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
        Instant issued = root.has("issued") ? instant(root.get("issued").asString()) : null;
        String when = switch (resourceType) {
            case "Observation" -> first(root, "effectiveDateTime", "effectiveInstant", "effectivePeriod");
            case "Procedure" -> first(root, "performedDateTime", "performedPeriod");
            case "Condition" -> first(root, "onsetDateTime", "onsetPeriod", "recordedDate");
            case "MedicationRequest", "ServiceRequest" -> root.path("authoredOn").asString(null);
            default -> null;
        };
        boolean dateOnly = when != null && when.length() <= 10;
        return new FactFields(join(codes, 4000), join(values, 2000), join(categories, 2000), join(clinical, 1000),
                join(verification, 1000), join(reasons, 2000), intent == null || intent.length() > 40 ? null : intent, doNotPerform,
                issued, dateOnly);
    }

    /** Splits a stored coding list back into (system, code) pairs. */
    static List<ClinicalFactDetails.Coding> split(String codings) {
        if (codings == null || codings.isEmpty()) {
            return List.of();
        }
        List<ClinicalFactDetails.Coding> result = new ArrayList<>();
        for (String coding : codings.split("\t")) {
            int bar = coding.indexOf('|');
            if (bar > 0) {
                result.add(new ClinicalFactDetails.Coding(coding.substring(0, bar), coding.substring(bar + 1)));
            }
        }
        return List.copyOf(result);
    }

    private static String first(JsonNode root, String... names) {
        for (String name : names) {
            JsonNode node = root.get(name);
            if (node != null) {
                return node.isObject() ? node.path("start").asString(null) : node.asString(null);
            }
        }
        return null;
    }

    private static void codings(JsonNode concept, List<String> into) {
        for (JsonNode coding : concept.path("coding")) {
            String system = coding.path("system").asString(null);
            String code = coding.path("code").asString(null);
            if (system != null && code != null && !system.contains("\t") && !code.contains("\t")) {
                String joined = system + "|" + code;
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

    private static Instant instant(String text) {
        try {
            return text == null || text.length() <= 10 ? null : OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
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
