package org.tandem.fhir;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;
import org.tandem.patient.PatientExport;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditEntry;
import org.tandem.privacy.AuditOutcome;
import org.tandem.privacy.AuditTrail;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * FHIR Bulk Data export (HL7 FHIR Bulk Data Access IG v2.0.0, "Export" and "Bulk Data Export Operation Request Flow"):
 * <ul>
 * <li>kick-off {@code GET /fhir/$export} (system level) and {@code GET /fhir/Patient/$export} (all patients), with
 * {@code _type}, {@code _since}, {@code _outputFormat}; headers {@code Prefer: respond-async} (required) and
 * {@code Accept: application/fhir+json}; answered 202 with the status URL in {@code Content-Location};</li>
 * <li>status {@code GET /fhir/$export-poll-status?_jobId=...}: 202 with {@code X-Progress} and {@code Retry-After}
 * while running, 200 with the JSON manifest when done, 500 with an OperationOutcome when the job failed;
 * {@code DELETE} cancels the job or deletes its files (202); unknown, cancelled or expired jobs are 404;</li>
 * <li>files {@code GET /fhir/$export-file?_jobId=...&_file=...}: NDJSON, with the same bearer token
 * ({@code requiresAccessToken: true}), only for the practice that asked.</li>
 * </ul>
 * Tandem serves every resource in the Patient compartment, so both levels export the same types.
 */
@Component
class BulkExportProvider {

    static final String NDJSON = "application/fhir+ndjson";
    static final Set<String> OUTPUT_FORMATS = Set.of(NDJSON, "application/ndjson", "ndjson");
    /** Kick-off parameters of the IG that Tandem does not support: an error, unless the client prefers lenient handling. */
    static final Set<String> UNSUPPORTED = Set.of("_elements", "_typeFilter", "patient", "includeAssociatedData", "organizeOutputBy",
            "allowPartialManifests");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BulkExportJobs jobs;
    private final PatientExport patients;
    private final AuditTrail audit;

    BulkExportProvider(BulkExportJobs jobs, PatientExport patients, AuditTrail audit) {
        this.jobs = jobs;
        this.patients = patients;
        this.audit = audit;
    }

    @Operation(name = "$export", idempotent = true, manualResponse = true)
    public void exportSystem(ServletRequestDetails request) throws IOException {
        kickOff(request, "system");
    }

    @Operation(name = "$export", type = Patient.class, idempotent = true, manualResponse = true)
    public void exportPatients(ServletRequestDetails request) throws IOException {
        kickOff(request, "patient");
    }

    private void kickOff(ServletRequestDetails request, String level) {
        String prefer = String.join(",", headers(request, "Prefer")).toLowerCase(Locale.ROOT);
        if (!prefer.contains("respond-async")) {
            throw new InvalidRequestException("A bulk export runs asynchronously: send the header 'Prefer: respond-async'");
        }
        boolean lenient = prefer.contains("handling=lenient");
        String accept = request.getHeader("Accept");
        if (accept != null && !accept.isBlank() && !accept.contains("json") && !accept.contains("*/*")) {
            throw new InvalidRequestException("The kick-off answers in application/fhir+json; Accept: " + accept + " cannot be served");
        }
        Map<String, String[]> params = request.getParameters();
        String format = single(params, "_outputFormat");
        if (format != null && !OUTPUT_FORMATS.contains(format.trim())) {
            throw new InvalidRequestException("_outputFormat " + format + " is not supported; use " + NDJSON);
        }
        for (String name : UNSUPPORTED) {
            if (params.containsKey(name) && !lenient) {
                throw new InvalidRequestException("The parameter " + name + " is not supported by this server"
                        + " (send 'Prefer: handling=lenient' to have it ignored)");
            }
        }
        List<String> types = types(params.get("_type"), lenient);
        Instant since = null;
        String sinceText = single(params, "_since");
        if (sinceText != null) {
            try {
                since = new InstantType(sinceText.trim().replace(' ', '+')).getValue().toInstant();
            } catch (RuntimeException e) {
                throw new InvalidRequestException("_since must be an instant with a time zone, such as 2025-01-01T00:00:00Z: " + sinceText);
            }
        }
        patients.patientCount(); // the access policy: may this actor export at all (refusal audited, 403)
        UUID job = jobs.start(level, types, since, request.getCompleteUrl());
        HttpServletResponse response = request.getServletResponse();
        response.setStatus(202);
        response.setHeader("Content-Location", statusUrl(request, job));
    }

    static List<String> types(String[] values, boolean lenient) {
        if (values == null || values.length == 0) {
            return BulkExporter.TYPES;
        }
        Set<String> wanted = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String value : values) {
            for (String type : value.split(",")) {
                String trimmed = type.trim();
                if (trimmed.isEmpty()) {
                    continue;
                }
                if (BulkExporter.TYPES.contains(trimmed)) {
                    wanted.add(trimmed);
                } else {
                    unknown.add(trimmed);
                }
            }
        }
        if (!unknown.isEmpty() && !lenient) {
            throw new InvalidRequestException("Tandem does not export " + String.join(", ", unknown) + "; it exports "
                    + String.join(", ", BulkExporter.TYPES));
        }
        if (wanted.isEmpty()) {
            throw new InvalidRequestException("_type names no type Tandem exports (" + String.join(", ", BulkExporter.TYPES) + ")");
        }
        return BulkExporter.TYPES.stream().filter(wanted::contains).toList();
    }

    @Operation(name = "$export-poll-status", idempotent = true, manualResponse = true, deleteEnabled = true)
    public void status(ServletRequestDetails request) throws IOException {
        UUID id = jobId(request);
        HttpServletResponse response = request.getServletResponse();
        if (request.getRequestType() == RequestTypeEnum.DELETE) {
            if (!jobs.cancel(id)) {
                throw new ResourceNotFoundException("No bulk export " + id);
            }
            response.setStatus(202);
            return;
        }
        BulkExportJobs.Job job = jobs.find(id).orElseThrow(() -> new ResourceNotFoundException("No bulk export " + id));
        switch (job.status()) {
            case RUNNING -> {
                response.setStatus(202);
                response.setHeader("X-Progress", job.patientsTotal() == 0 ? "started"
                        : job.patientsDone() + " of " + job.patientsTotal() + " patients, " + job.resourcesDone() + " resources");
                response.setHeader("Retry-After", "2");
            }
            case COMPLETED -> {
                response.setStatus(200);
                response.setContentType("application/json");
                response.setCharacterEncoding("UTF-8");
                if (job.expiresAt() != null) {
                    response.setHeader("Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(job.expiresAt().atOffset(ZoneOffset.UTC)));
                }
                response.getOutputStream().write(manifest(request, job).getBytes(StandardCharsets.UTF_8));
            }
            case FAILED -> {
                OperationOutcome outcome = new OperationOutcome();
                outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(OperationOutcome.IssueType.EXCEPTION)
                        .setDiagnostics("The export failed: " + job.failure());
                response.setStatus(500);
                response.setContentType("application/fhir+json");
                response.setCharacterEncoding("UTF-8");
                response.getOutputStream().write(request.getFhirContext().newJsonParser().encodeResourceToString(outcome)
                        .getBytes(StandardCharsets.UTF_8));
            }
            default -> throw new ResourceNotFoundException("No bulk export " + id + " (" + job.status().name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    /** The completion manifest (IG "Response - Complete Status"). */
    String manifest(ServletRequestDetails request, BulkExportJobs.Job job) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("transactionTime", new InstantType(java.util.Date.from(job.transactionTime())).getValueAsString());
        manifest.put("request", job.requestUrl());
        manifest.put("requiresAccessToken", true);
        ArrayNode output = manifest.putArray("output");
        ArrayNode error = manifest.putArray("error");
        for (BulkExportJobs.FileRow file : jobs.files(job.id())) {
            ObjectNode entry = ("error".equals(file.kind()) ? error : output).addObject();
            entry.put("type", file.resourceType());
            entry.put("url", request.getFhirServerBase() + "/$export-file?_jobId=" + job.id() + "&_file="
                    + URLEncoder.encode(file.name(), StandardCharsets.UTF_8));
            entry.put("count", file.lines());
        }
        return JSON.writeValueAsString(manifest);
    }

    @Operation(name = "$export-file", idempotent = true, manualResponse = true)
    public void file(ServletRequestDetails request) throws IOException {
        UUID id = jobId(request);
        String name = single(request.getParameters(), "_file");
        if (name == null) {
            throw new InvalidRequestException("Name the file: _file=<name> from the manifest");
        }
        Path path = jobs.file(id, name).orElseThrow(() -> new ResourceNotFoundException("No file " + name + " in bulk export " + id));
        audit.record(new AuditEntry(AuditAction.EXPORT, null, BulkExporter.AUDIT_TYPE, id.toString(), AuditOutcome.SUCCESS,
                "Downloaded " + name));
        HttpServletResponse response = request.getServletResponse();
        response.setStatus(200);
        response.setContentType(NDJSON);
        response.setCharacterEncoding("UTF-8");
        response.setContentLengthLong(Files.size(path));
        try (OutputStream out = response.getOutputStream()) {
            Files.copy(path, out);
        }
    }

    private static UUID jobId(ServletRequestDetails request) {
        String text = single(request.getParameters(), "_jobId");
        UUID id = text == null ? null : FhirMapping.parseUuid(text.trim());
        if (id == null) {
            throw new ResourceNotFoundException("No bulk export " + text);
        }
        return id;
    }

    private static String statusUrl(ServletRequestDetails request, UUID job) {
        return request.getFhirServerBase() + "/$export-poll-status?_jobId=" + job;
    }

    private static String single(Map<String, String[]> params, String name) {
        String[] values = params.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    private static List<String> headers(ServletRequestDetails request, String name) {
        List<String> values = request.getHeaders(name);
        return values == null ? List.of() : values;
    }

}
