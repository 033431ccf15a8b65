package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;
import org.tandem.measure.InvalidMeasureRequest;
import org.tandem.measure.KnowledgeArtifacts;
import org.tandem.measure.MeasureEvaluation;
import org.tandem.measure.MeasurePeriod;
import org.tandem.measure.MeasureReports;
import org.tandem.measure.Measures;
import org.tandem.patient.PatientId;

/**
 * FHIR Measure, and {@code $evaluate-measure} on {@code /fhir/Measure/{id}} (FHIR R4 Clinical Reasoning): periodStart
 * and periodEnd (dates, or date-times whose day is taken, in the practice's time zone), optional subject
 * ({@code Patient/{id}}), reportType subject | subject-list | population (default population, or subject when a
 * subject is given). Over the caller's practice only.
 */
@Component
class MeasureProvider extends KnowledgeArtifactProvider<Measure> {

    private final KnowledgeArtifacts artifacts;
    private final Measures measures;
    private final PracticeContext practice;

    MeasureProvider(KnowledgeArtifacts artifacts, Measures measures, PracticeContext practice) {
        super(artifacts, Measure.class);
        this.artifacts = artifacts;
        this.measures = measures;
        this.practice = practice;
    }

    @Operation(name = "$evaluate-measure", idempotent = true)
    public MeasureReport evaluateMeasure(@IdParam IdType id, @OperationParam(name = "periodStart") StringType periodStart,
            @OperationParam(name = "periodEnd") StringType periodEnd, @OperationParam(name = "subject") StringType subject,
            @OperationParam(name = "reportType") StringType reportType) {
        String measureId = id.getIdPart();
        Measure measure = artifacts.measure(measureId)
                .orElseThrow(() -> new ResourceNotFoundException("Measure/" + measureId + " is not stored"));
        MeasurePeriod period = new MeasurePeriod(day("periodStart", periodStart), day("periodEnd", periodEnd));
        PatientId patient = subject == null || subject.isEmpty() ? null : patient(subject.getValue());
        MeasureReports.Kind kind = reportType == null || reportType.isEmpty()
                ? (patient == null ? MeasureReports.Kind.POPULATION : MeasureReports.Kind.SUBJECT)
                : MeasureReports.Kind.ofCode(reportType.getValue());
        if (kind == MeasureReports.Kind.SUBJECT && patient == null) {
            throw new InvalidMeasureRequest("reportType subject needs a subject (Patient/{id})");
        }
        if (!measures.evaluates(measureId)) {
            throw new InvalidMeasureRequest("Tandem stores Measure/" + measureId + " but does not evaluate it");
        }
        MeasureEvaluation evaluation = patient != null ? measures.evaluate(measureId, period, patient)
                : measures.evaluate(measureId, period);
        return MeasureReports.of(measure, evaluation, kind, patient == null ? null : patient.value(), practice.zone());
    }

    private static LocalDate day(String name, StringType value) {
        if (value == null || value.isEmpty()) {
            throw new InvalidMeasureRequest(name + " is required (a date, e.g. 2025-01-01)");
        }
        String text = value.getValue().trim();
        try {
            if (text.length() < 10) {
                throw new DateTimeParseException("too short", text, 0);
            }
            return LocalDate.parse(text.substring(0, 10));
        } catch (DateTimeParseException e) {
            throw new InvalidMeasureRequest(name + " must be a date such as 2025-01-01, not '" + text + "'");
        }
    }

    private static PatientId patient(String reference) {
        String id = reference.startsWith("Patient/") ? reference.substring("Patient/".length()) : null;
        UUID uuid = id == null ? null : FhirMapping.parseUuid(id);
        if (uuid == null) {
            throw new InvalidMeasureRequest("subject must be Patient/{id} with a patient id of this practice, not '" + reference + "'");
        }
        return new PatientId(uuid);
    }
}
