package org.tandem.measure;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * MeasureReport resources (FHIR R4) for evaluations: the same JSON for {@code $evaluate-measure} and the dashboard's
 * export. Population codes come from the stored Measure's groups, so every population the measure defines is
 * reported (with count 0 when no patient is in it).
 */
public final class MeasureReports {

    /** MeasureReport.type as {@code $evaluate-measure}'s reportType names it. */
    public enum Kind {
        SUBJECT("subject", MeasureReport.MeasureReportType.INDIVIDUAL),
        SUBJECT_LIST("subject-list", MeasureReport.MeasureReportType.SUBJECTLIST),
        POPULATION("population", MeasureReport.MeasureReportType.SUMMARY);

        private final String code;
        private final MeasureReport.MeasureReportType type;

        Kind(String code, MeasureReport.MeasureReportType type) {
            this.code = code;
            this.type = type;
        }

        public String code() {
            return code;
        }

        public static Kind ofCode(String code) {
            for (Kind kind : values()) {
                if (kind.code.equals(code)) {
                    return kind;
                }
            }
            throw new InvalidMeasureRequest("reportType must be subject, subject-list or population, not '" + code + "'");
        }
    }

    private MeasureReports() {
    }

    /**
     * The report of one evaluation.
     *
     * @param measure the stored Measure (its canonical url, version and group populations)
     * @param subject the patient of a subject report, else null
     * @param zone the practice's time zone, in which the period's days are given
     */
    public static MeasureReport of(Measure measure, MeasureEvaluation evaluation, Kind kind, UUID subject, ZoneId zone) {
        MeasureReport report = new MeasureReport();
        report.setId(UUID.randomUUID().toString());
        report.setStatus(MeasureReport.MeasureReportStatus.COMPLETE);
        report.setType(kind.type);
        report.setMeasure(measure.getUrl() + (measure.hasVersion() ? "|" + measure.getVersion() : ""));
        report.setDate(new Date());
        report.setPeriod(new Period()
                .setStart(Date.from(evaluation.period().start().atStartOfDay(zone).toInstant()))
                .setEnd(Date.from(evaluation.period().end().plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1))));
        if (kind == Kind.SUBJECT && subject != null) {
            report.setSubject(new Reference("Patient/" + subject));
        }
        List<Measure.MeasureGroupComponent> groups = measure.getGroup();
        if (groups.isEmpty()) {
            groups = List.of(new Measure.MeasureGroupComponent());
        }
        int list = 0;
        for (Measure.MeasureGroupComponent definedGroup : groups) {
            MeasureReport.MeasureReportGroupComponent group = report.addGroup();
            if (definedGroup.hasId()) {
                group.setId(definedGroup.getId());
            }
            List<Population> populations = new ArrayList<>();
            for (Measure.MeasureGroupPopulationComponent p : definedGroup.getPopulation()) {
                String code = p.getCode().getCodingFirstRep().getCode();
                try {
                    populations.add(Population.ofCode(code));
                } catch (IllegalArgumentException e) {
                    // a population Tandem does not compute (e.g. measure-observation) is not reported
                }
            }
            if (populations.isEmpty()) {
                populations = List.of(Population.values());
            }
            for (Population population : populations) {
                MeasureReport.MeasureReportGroupPopulationComponent reported = group.addPopulation();
                reported.setCode(new CodeableConcept(new Coding(Population.SYSTEM, population.code(), null)));
                reported.setCount(evaluation.count(population));
                if (kind != Kind.SUBJECT) {
                    ListResource patients = new ListResource();
                    patients.setId("list-" + (++list));
                    patients.setStatus(ListResource.ListStatus.CURRENT);
                    patients.setMode(ListResource.ListMode.SNAPSHOT);
                    patients.setTitle(population.code());
                    for (SubjectResult result : evaluation.subjects()) {
                        if (result.in(population)) {
                            patients.addEntry().setItem(new Reference("Patient/" + result.patientId()));
                        }
                    }
                    report.addContained(patients);
                    reported.setSubjectResults(new Reference("#" + patients.getId()));
                }
            }
            if (kind == Kind.POPULATION) {
                Double rate = evaluation.rate();
                if (rate != null) {
                    group.setMeasureScore(new Quantity().setValue(rate));
                }
            }
        }
        return report;
    }
}
