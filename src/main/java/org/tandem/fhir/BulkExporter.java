package org.tandem.fhir;

import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.PatientExport;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.PracticeId;
import org.tandem.privacy.AccessPolicy;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import org.tandem.privacy.DataCategory;
import org.tandem.privacy.Operation;
import org.tandem.screening.ScreeningExport;
import org.tandem.screening.ScreeningResponse;

/**
 * Writes the current actor's practice as FHIR NDJSON (HL7 FHIR Bulk Data Access IG v2, "Bulk Data Output File
 * Format": one resource per line, UTF-8, one or more files per resource type), for {@code $export} and
 * {@code tandem export}. Resources are those the FHIR endpoint serves, mapped the same way (so Tandem's own import
 * reads them back). The practice is read a page of patients at a time, and every line goes straight to its file:
 * memory does not grow with the practice.
 *
 * <p>The access policy decides each category (demographics, encounters, clinical) for the requesting actor; a type
 * whose category it refuses is left out, counted and explained in an OperationOutcome error file. The export is
 * audited: one entry when it starts, one per exported patient (EXPORT, with the number of resources), one when it ends.
 */
@Component
class BulkExporter {

    /** The types Tandem exports, in output order; all are in the Patient compartment. */
    static final List<String> TYPES = List.of("Patient", "Encounter", "Condition", "Observation", "Procedure",
            "MedicationRequest", "ServiceRequest", "Coverage", "QuestionnaireResponse");
    static final String AUDIT_TYPE = "BulkExport";

    private final PatientExport patients;
    private final ScreeningExport screenings;
    private final FhirMapping mapping;
    private final QuestionnaireResponseProvider responses;
    private final AccessPolicy policy;
    private final AuditTrail audit;
    private final int pageSize;
    private final long maxLinesPerFile;

    BulkExporter(PatientExport patients, ScreeningExport screenings, FhirMapping mapping, QuestionnaireResponseProvider responses,
            AccessPolicy policy, AuditTrail audit,
            @Value("${tandem.export.page-size:200}") int pageSize,
            @Value("${tandem.export.max-lines-per-file:100000}") long maxLinesPerFile) {
        this.patients = patients;
        this.screenings = screenings;
        this.mapping = mapping;
        this.responses = responses;
        this.policy = policy;
        this.audit = audit;
        this.pageSize = Math.max(1, Math.min(pageSize, 500));
        this.maxLinesPerFile = Math.max(1, maxLinesPerFile);
    }

    /** What to export: {@code types} in {@link #TYPES}, changed after {@code since} (or ever) and up to {@code until}. */
    record Request(UUID job, List<String> types, Instant since, Instant until) {
    }

    /** A file written: {@code kind} output (resources) or error (OperationOutcomes). */
    record OutputFile(String name, String kind, String resourceType, long lines, long bytes) {
    }

    /** A type left out because the access policy refused its category. */
    record Withheld(String resourceType, long count, String reason) {
    }

    record Result(List<OutputFile> files, Map<String, Long> counts, List<Withheld> withheld, long patients, long resources,
            boolean cancelled) {
    }

    /** Told after every page; answers whether the export should stop (cancelled). */
    interface Progress {
        boolean page(long patientsDone, long patientsTotal, long resourcesDone);
    }

    static DataCategory category(String type) {
        return switch (type) {
            case "Patient" -> DataCategory.DEMOGRAPHICS;
            case "Encounter" -> DataCategory.ENCOUNTERS;
            default -> DataCategory.CLINICAL;
        };
    }

    /** Records that an export was asked for (kick-off), in the caller's transaction. */
    void recordStart(Request request, String detail) {
        audit.record(new AuditEntry(AuditAction.EXPORT, null, AUDIT_TYPE, request.job().toString(), AuditOutcome.SUCCESS,
                "Bulk export started: " + detail));
    }

    /** Writes the export into {@code directory} (created if needed) as the current actor. */
    Result export(Request request, Path directory, Progress progress) {
        PracticeId practice = patients.practice();
        List<String> exported = new ArrayList<>();
        List<Withheld> withheld = new ArrayList<>();
        for (String type : request.types()) {
            Optional<String> refusal = policy.refusal(practice, category(type), Operation.EXPORT);
            if (refusal.isEmpty()) {
                exported.add(type);
            } else {
                long count = "QuestionnaireResponse".equals(type) ? screenings.count(request.since(), request.until())
                        : patients.count(type, request.since(), request.until());
                withheld.add(new Withheld(type, count, refusal.get()));
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        exported.forEach(type -> counts.put(type, 0L));
        long total = patients.patientCount();
        long patientsDone = 0;
        long resources = 0;
        boolean cancelled = false;
        IParser parser = mapping.parser();
        try {
            Files.createDirectories(directory);
            try (NdjsonFiles files = new NdjsonFiles(directory, maxLinesPerFile)) {
                PatientId after = null;
                while (!exported.isEmpty()) {
                    List<PatientId> page = patients.patientIds(after, pageSize);
                    if (page.isEmpty()) {
                        break;
                    }
                    after = page.get(page.size() - 1);
                    Map<PatientId, Integer> perPatient = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
                    // the facts of every exported fact type in one query per page, then type by type
                    List<String> factTypes = exported.stream().filter(ClinicalFactDetails.RESOURCE_TYPES::contains).toList();
                    Map<String, List<ClinicalFact>> facts = new HashMap<>();
                    for (ClinicalFact fact : patients.facts(factTypes, page, request.since(), request.until())) {
                        facts.computeIfAbsent(fact.resourceType(), t -> new ArrayList<>()).add(fact);
                    }
                    for (String type : exported) {
                        long written = writeType(type, page, request, parser, files, perPatient, facts);
                        counts.merge(type, written, Long::sum);
                        resources += written;
                    }
                    List<AuditEntry> entries = new ArrayList<>();
                    perPatient.forEach((patient, n) -> entries.add(new AuditEntry(AuditAction.EXPORT, patient.value(), AUDIT_TYPE,
                            request.job().toString(), AuditOutcome.SUCCESS, n + " resources exported")));
                    audit.recordAll(entries);
                    patientsDone += page.size();
                    if (!progress.page(patientsDone, total, resources)) {
                        cancelled = true;
                        break;
                    }
                }
                if (!withheld.isEmpty() && !cancelled) {
                    for (Withheld left : withheld) {
                        OperationOutcome outcome = new OperationOutcome();
                        outcome.setId(UUID.randomUUID().toString());
                        outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.WARNING)
                                .setCode(OperationOutcome.IssueType.SUPPRESSED)
                                .setDiagnostics(left.count() + " " + left.resourceType() + " resources withheld: " + left.reason());
                        files.write("error", "OperationOutcome", parser.encodeResourceToString(outcome));
                    }
                }
                List<OutputFile> written = files.closeAll();
                audit.record(new AuditEntry(AuditAction.EXPORT, null, AUDIT_TYPE, request.job().toString(), AuditOutcome.SUCCESS,
                        (cancelled ? "Bulk export cancelled after " : "Bulk export finished: ") + resources + " resources of "
                                + patientsDone + " patients " + counts + (withheld.isEmpty() ? "" : "; withheld " + describe(withheld))));
                return new Result(written, counts, withheld, patientsDone, resources, cancelled);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the export to " + directory, e);
        }
    }

    private long writeType(String type, List<PatientId> page, Request request, IParser parser, NdjsonFiles files,
            Map<PatientId, Integer> perPatient, Map<String, List<ClinicalFact>> facts) throws IOException {
        long written = 0;
        switch (type) {
            case "Patient" -> {
                for (PatientRecord record : patients.patients(page, request.since(), request.until())) {
                    files.write("output", type, parser.encodeResourceToString(mapping.toFhir(record)));
                    perPatient.merge(record.id(), 1, Integer::sum);
                    written++;
                }
            }
            case "Encounter" -> {
                for (EncounterRecord record : patients.encounters(page, request.since(), request.until())) {
                    files.write("output", type, parser.encodeResourceToString(mapping.toFhir(record)));
                    perPatient.merge(record.patient(), 1, Integer::sum);
                    written++;
                }
            }
            case "QuestionnaireResponse" -> {
                List<ScreeningResponse> found = screenings.responses(page, request.since(), request.until());
                if (found.isEmpty()) {
                    return 0;
                }
                // The scored Observations are contained in the response, as the FHIR read serves it.
                Map<String, ClinicalFact> observations = new HashMap<>();
                List<ClinicalFact> pageObservations = request.since() == null && facts.containsKey("Observation")
                        ? facts.get("Observation") : patients.facts("Observation", page, null, request.until());
                for (ClinicalFact fact : pageObservations) {
                    observations.put(fact.id(), fact);
                }
                for (ScreeningResponse response : found) {
                    files.write("output", type, parser.encodeResourceToString(responses.toFhir(response, observations, Optional.empty())));
                    perPatient.merge(response.patient(), 1, Integer::sum);
                    written++;
                }
            }
            default -> {
                for (ClinicalFact fact : facts.getOrDefault(type, List.of())) {
                    // As ClinicalFactProvider serves it: the JSON as imported, its id, version and Tandem patient id.
                    Resource resource = (Resource) parser.parseResource(fact.rawJson());
                    resource.setId(fact.id());
                    resource.getMeta().setVersionId(String.valueOf(fact.version()));
                    FhirMapping.patientReference(resource).setReference("Patient/" + fact.patient());
                    files.write("output", type, parser.encodeResourceToString(resource));
                    perPatient.merge(fact.patient(), 1, Integer::sum);
                    written++;
                }
            }
        }
        return written;
    }

    static String describe(List<Withheld> withheld) {
        List<String> parts = new ArrayList<>();
        for (Withheld left : withheld) {
            parts.add(left.count() + " " + left.resourceType() + " (" + left.reason() + ")");
        }
        return String.join(", ", parts);
    }

    /**
     * The open NDJSON files of one export: per kind and type a file {@code <Type>-<n>.ndjson}, the next one started
     * after {@code maxLines} lines.
     */
    static final class NdjsonFiles implements AutoCloseable {
        private final Path directory;
        private final long maxLines;
        private final Map<String, Open> open = new LinkedHashMap<>();
        private final Map<String, Integer> chunks = new HashMap<>();
        private final List<OutputFile> done = new ArrayList<>();

        NdjsonFiles(Path directory, long maxLines) {
            this.directory = directory;
            this.maxLines = maxLines;
        }

        void write(String kind, String type, String json) throws IOException {
            String key = kind + "/" + type;
            Open file = open.get(key);
            if (file != null && file.lines >= maxLines) {
                finish(key);
                file = null;
            }
            if (file == null) {
                int chunk = chunks.merge(key, 1, Integer::sum);
                String name = ("error".equals(kind) ? "error-" : "") + type + "-" + chunk + ".ndjson";
                file = new Open(name, kind, type, Files.newBufferedWriter(directory.resolve(name), StandardCharsets.UTF_8));
                open.put(key, file);
            }
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            file.writer.write(json);
            file.writer.write('\n');
            file.lines++;
            file.bytes += bytes.length + 1;
        }

        private void finish(String key) throws IOException {
            Open file = open.remove(key);
            file.writer.close();
            done.add(new OutputFile(file.name, file.kind, file.type, file.lines, file.bytes));
        }

        /** Closes every file; the files written, outputs in type order then errors. */
        List<OutputFile> closeAll() throws IOException {
            for (String key : new ArrayList<>(open.keySet())) {
                finish(key);
            }
            List<OutputFile> ordered = new ArrayList<>();
            for (String type : TYPES) {
                done.stream().filter(f -> f.kind().equals("output") && f.resourceType().equals(type)).forEach(ordered::add);
            }
            done.stream().filter(f -> f.kind().equals("error")).forEach(ordered::add);
            return ordered;
        }

        @Override
        public void close() throws IOException {
            for (Open file : open.values()) {
                file.writer.close();
            }
            open.clear();
        }

        private static final class Open {
            final String name;
            final String kind;
            final String type;
            final Writer writer;
            long lines;
            long bytes;

            Open(String name, String kind, String type, Writer writer) {
                this.name = name;
                this.kind = kind;
                this.type = type;
                this.writer = writer;
            }
        }
    }
}
