package org.tandem.demo;

import org.tandem.patient.PatientId;

/** Minimal FHIR R4 JSON for generated resources, kept as the facts' raw JSON. */
final class FhirJson {

    private FhirJson() {
    }

    static String condition(SyntheticPatient.Condition condition, PatientId patient) {
        Diagnosis diagnosis = condition.diagnosis();
        return "{\"resourceType\":\"Condition\",\"id\":" + string(condition.id())
                + ",\"clinicalStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\","
                + "\"code\":\"active\"}]}"
                + ",\"verificationStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-ver-status\","
                + "\"code\":\"confirmed\"}]}"
                + ",\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-category\","
                + "\"code\":\"problem-list-item\",\"display\":\"Problem List Item\"}]}]"
                + ",\"code\":{\"coding\":[{\"system\":" + string(Diagnosis.SYSTEM) + ",\"code\":" + string(diagnosis.code())
                + ",\"display\":" + string(diagnosis.display()) + "}],\"text\":" + string(diagnosis.display()) + "}"
                + ",\"subject\":{\"reference\":" + string("Patient/" + patient) + "}"
                + ",\"onsetDateTime\":" + string(condition.onset().toString())
                + ",\"recordedDate\":" + string(condition.onset().toString()) + "}";
    }

    static String string(String text) {
        StringBuilder json = new StringBuilder(text.length() + 2).append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }
}
