package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.privacy.AuditAction;
import org.tandem.privacy.AuditRecord;
import org.tandem.privacy.AuditTrail;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Tokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * FHIR Bulk Data export end to end over HTTP (java.net.http, no HAPI client): kick-off, polling, manifest, NDJSON
 * downloads, filters, cancellation, the practice boundary and the access policy; the files parse back into the
 * resources Tandem stores.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FhirBulkExportTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    Practices practices;
    @Autowired
    CurrentActor actors;
    @Autowired
    AuditTrail audit;
    @Autowired
    BulkExporter exporter;
    @Autowired
    FhirImport importer;
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tempDir;

    PracticeFixture practice;
    String token;
    String first;
    String second;

    @BeforeEach
    void setUp() {
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        practice = PracticeFixture.create(practices, "Export practice");
        token = Tokens.token(port, practice.client(Role.PCP), PracticeFixture.SECRET);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        first = UUID.randomUUID().toString();
        second = UUID.randomUUID().toString();
        client.transaction().withBundle(FhirFactTests.bundle(first, "phq9-" + first, "gad7-" + first, "dep-" + first)).execute();
        client.transaction().withBundle(FhirFactTests.bundle(second, "phq9-" + second, "gad7-" + second, "dep-" + second)).execute();
        Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED).setSubject(new Reference("Patient/" + first));
        visit.setPeriod(new Period().setStartElement(new org.hl7.fhir.r4.model.DateTimeType("2025-03-04T10:00:00-06:00")));
        client.create().resource(visit).execute();
        client.create().resource(FhirScreeningTests.phq9(second, 1, 1, 0, 0, 0, 0, 0, 0, 0)).execute();
    }

    @Test
    void systemExportRunsInTheBackgroundAndEveryLineParsesBackIntoWhatIsStored() throws Exception {
        HttpResponse<String> kickOff = get("/fhir/$export", token, true);
        assertThat(kickOff.statusCode()).isEqualTo(202);
        assertThat(kickOff.body()).isEmpty();
        String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
        assertThat(status).startsWith("http://localhost:" + port + "/fhir/$export-poll-status?_jobId=");

        JsonNode manifest = complete(status, token);
        assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
        assertThat(manifest.get("request").asString()).contains("/fhir/$export");
        Instant transactionTime = Instant.parse(manifest.get("transactionTime").asString());
        assertThat(transactionTime).isBefore(Instant.now().plusSeconds(1));
        assertThat(manifest.get("error")).isEmpty();

        Map<String, List<Resource>> exported = download(manifest, token);
        assertThat(exported.keySet()).containsExactlyInAnyOrder("Patient", "Encounter", "Condition", "Observation",
                "QuestionnaireResponse");
        assertThat(ids(exported.get("Patient"))).containsExactlyInAnyOrder(first, second);
        assertThat(exported.get("Encounter")).hasSize(1);
        assertThat(ids(exported.get("Condition"))).containsExactlyInAnyOrder("dep-" + first, "dep-" + second);
        // two imported observations per patient and the PHQ-9's scored observations, as the FHIR searches count them
        assertThat(exported.get("Observation")).hasSize(total("Observation"));
        assertThat(exported.get("Observation").size()).isGreaterThan(4);
        assertThat(exported.get("QuestionnaireResponse")).hasSize(1);
        QuestionnaireResponse response = (QuestionnaireResponse) exported.get("QuestionnaireResponse").get(0);
        assertThat(response.getSubject().getReference()).isEqualTo("Patient/" + second);
        assertThat(response.getContained()).isNotEmpty();
        for (JsonNode entry : manifest.get("output")) {
            assertThat(entry.get("count").asLong()).isEqualTo(exported.get(entry.get("type").asString()).size());
        }
        Set<String> patients = new HashSet<>(ids(exported.get("Patient")));
        for (String type : List.of("Encounter", "Condition", "Observation")) {
            for (Resource resource : exported.get(type)) {
                assertThat(patients).contains(FhirMapping.patientReference(resource).getReferenceElement().getIdPart());
            }
        }

        List<AuditRecord> history = actors.runAs(practice.actor(Role.PRACTICE_ADMIN), () -> audit.historyOf(UUID.fromString(first), 20));
        assertThat(history).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo(AuditAction.EXPORT);
            assertThat(entry.resourceType()).isEqualTo(BulkExporter.AUDIT_TYPE);
        });
        List<AuditRecord> recent = actors.runAs(practice.actor(Role.PRACTICE_ADMIN), () -> audit.recent(200));
        assertThat(recent.stream().filter(e -> e.action() == AuditAction.EXPORT && e.patientId() == null
                && e.detail() != null && e.detail().startsWith("Bulk export finished"))).hasSize(1);
    }

    @Test
    void typeSinceAndPatientLevelNarrowTheExport() throws Exception {
        JsonNode typed = complete(get("/fhir/Patient/$export?_type=Condition,Patient", token, true)
                .headers().firstValue("Content-Location").orElseThrow(), token);
        assertThat(download(typed, token).keySet()).containsExactlyInAnyOrder("Patient", "Condition");

        Instant since = Instant.now();
        Thread.sleep(20);
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        client.transaction().withBundle(FhirFactTests.bundle(first, "phq9-" + first, "gad7-" + first, "dep-" + first)).execute();

        JsonNode changed = complete(get("/fhir/$export?_since=" + since + "&_outputFormat=application%2Ffhir%2Bndjson", token, true)
                .headers().firstValue("Content-Location").orElseThrow(), token);
        Map<String, List<Resource>> exported = download(changed, token);
        assertThat(ids(exported.get("Patient"))).containsExactly(first);
        assertThat(ids(exported.get("Condition"))).containsExactly("dep-" + first);
        assertThat(ids(exported.get("Observation"))).containsExactlyInAnyOrder("phq9-" + first, "gad7-" + first);
        assertThat(exported).doesNotContainKeys("Encounter", "QuestionnaireResponse");
    }

    @Test
    void badKickOffsAreRefusedWithAnOperationOutcome() throws Exception {
        HttpResponse<String> noPrefer = get("/fhir/$export", token, false);
        assertThat(noPrefer.statusCode()).isEqualTo(400);
        assertThat(FHIR.newJsonParser().parseResource(OperationOutcome.class, noPrefer.body()).getIssueFirstRep().getDiagnostics())
                .contains("Prefer: respond-async");
        assertThat(get("/fhir/$export?_type=Condition,Spaceship", token, true).statusCode()).isEqualTo(400);
        assertThat(get("/fhir/$export?_outputFormat=text/csv", token, true).statusCode()).isEqualTo(400);
        assertThat(get("/fhir/$export?_since=yesterday", token, true).statusCode()).isEqualTo(400);
        assertThat(get("/fhir/$export?_typeFilter=Condition%3Fcode%3D1", token, true).statusCode()).isEqualTo(400);
        assertThat(get("/fhir/$export-poll-status?_jobId=" + UUID.randomUUID(), token, false).statusCode()).isEqualTo(404);
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/$export"))
                .header("Prefer", "respond-async").GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }

    @Test
    void anotherPracticeCanNeitherPollDownloadNorDelete() throws Exception {
        String status = get("/fhir/$export", token, true).headers().firstValue("Content-Location").orElseThrow();
        JsonNode manifest = complete(status, token);
        String file = manifest.get("output").get(0).get("url").asString();

        PracticeFixture other = PracticeFixture.create(practices, "Other export practice");
        String otherToken = Tokens.token(port, other.client(Role.PCP), PracticeFixture.SECRET);
        assertThat(send(status, otherToken, "GET").statusCode()).isEqualTo(404);
        assertThat(send(file, otherToken, "GET").statusCode()).isEqualTo(404);
        assertThat(send(status, otherToken, "DELETE").statusCode()).isEqualTo(404);
        assertThat(send(file, token, "GET").statusCode()).isEqualTo(200);
    }

    @Test
    void frontDeskExportLeavesOutClinicalDataAndSaysWhy() throws Exception {
        String frontDesk = Tokens.token(port, practice.client(Role.FRONT_DESK), PracticeFixture.SECRET);
        JsonNode manifest = complete(get("/fhir/$export", frontDesk, true).headers().firstValue("Content-Location").orElseThrow(),
                frontDesk);
        Map<String, List<Resource>> exported = download(manifest, frontDesk);
        assertThat(exported.keySet()).containsExactlyInAnyOrder("Patient", "Encounter");
        assertThat(manifest.get("error")).hasSize(1);
        String errors = send(manifest.get("error").get(0).get("url").asString(), frontDesk, "GET").body();
        List<String> reasons = new ArrayList<>();
        for (String line : errors.split("\n")) {
            reasons.add(FHIR.newJsonParser().parseResource(OperationOutcome.class, line).getIssueFirstRep().getDiagnostics());
        }
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).startsWith("2 Condition resources withheld: Role [FRONT_DESK]"));
        assertThat(reasons).anySatisfy(reason -> assertThat(reason).startsWith("1 QuestionnaireResponse resources withheld"));
        assertThat(reasons).hasSize(7);
    }

    @Test
    void deleteCancelsTheJobAndItsFiles() throws Exception {
        String status = get("/fhir/$export", token, true).headers().firstValue("Content-Location").orElseThrow();
        JsonNode manifest = complete(status, token);
        String file = manifest.get("output").get(0).get("url").asString();
        assertThat(send(status, token, "DELETE").statusCode()).isEqualTo(202);
        assertThat(send(status, token, "GET").statusCode()).isEqualTo(404);
        assertThat(send(file, token, "GET").statusCode()).isEqualTo(404);
        assertThat(send(status, token, "DELETE").statusCode()).isEqualTo(404);
    }

    @Test
    void commandLineExportWritesTheSameFilesIntoADirectory() throws Exception {
        java.nio.file.Path target = tempDir.resolve("out");
        ExportCommand command = new ExportCommand(exporter, practices, actors, target.toString(), practice.id().toString(),
                "Patient,Condition,QuestionnaireResponse", "");
        command.run(null);
        assertThat(command.getExitCode()).isZero();
        try (var files = java.nio.file.Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("Patient-1.ndjson", "Condition-1.ndjson", "QuestionnaireResponse-1.ndjson");
        }
        List<String> lines = java.nio.file.Files.readAllLines(target.resolve("Condition-1.ndjson"));
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(FHIR.newJsonParser().parseResource(line).fhirType())
                .isEqualTo("Condition"));

        ExportCommand again = new ExportCommand(exporter, practices, actors, target.toString(), practice.id().toString(), "", "");
        again.run(null);
        assertThat(again.getExitCode()).as("refuses a directory that already holds an export").isEqualTo(2);
        ExportCommand unknown = new ExportCommand(exporter, practices, actors, tempDir.resolve("x").toString(), "No such practice", "", "");
        unknown.run(null);
        assertThat(unknown.getExitCode()).isEqualTo(2);
        assertThat(org.tandem.TandemApplication.exportOptions(new String[] { "export", "/tmp/out", "--practice", "Main St",
                "--type=Patient", "--server.port=0" })).containsExactly("--tandem.export.target=/tmp/out",
                        "--tandem.export.practice=Main St", "--tandem.export.types=Patient", "--server.port=0");
    }

    @Test
    void anExportImportsIntoAnotherPracticeWithTheSameCounts() throws Exception {
        java.nio.file.Path target = tempDir.resolve("round-trip");
        ExportCommand command = new ExportCommand(exporter, practices, actors, target.toString(), practice.id().toString(), "", "");
        command.run(null);
        assertThat(command.getExitCode()).isZero();
        Map<String, Long> exported = new HashMap<>();
        try (var files = java.nio.file.Files.list(target)) {
            for (java.nio.file.Path file : files.toList()) {
                exported.put(file.getFileName().toString().replaceAll("-\\d+\\.ndjson$", ""), (long) java.nio.file.Files.readAllLines(file).size());
            }
        }
        PracticeFixture other = PracticeFixture.create(practices, "Round-trip practice");
        ImportSummary summary = actors.runAs(other.actor(Role.PCP),
                () -> importer.run(FhirImport.inputFiles(target), tempDir.resolve("rejected.ndjson"), null));
        for (String type : List.of("Patient", "Encounter", "Condition", "Observation")) {
            assertThat(summary.of(type).created()).as(type).isEqualTo(exported.get(type));
        }
        // tandem import does not load screening responses (QuestionnaireResponse) yet: they are reported as rejected
        assertThat(summary.rejected()).isEqualTo(Map.of("unsupported type: QuestionnaireResponse", 1L));
    }

    HttpResponse<String> get(String path, String bearer, boolean async) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + bearer).header("Accept", "application/fhir+json");
        if (async) {
            request.header("Prefer", "respond-async");
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(String url, String bearer, String method) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + bearer)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the status URL until the manifest comes (202s carry X-Progress). */
    static JsonNode complete(String status, String bearer) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> poll = send(status, bearer, "GET");
            if (poll.statusCode() == 200) {
                assertThat(poll.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
                return JSON.readTree(poll.body());
            }
            assertThat(poll.statusCode()).isEqualTo(202);
            assertThat(poll.headers().firstValue("X-Progress")).isPresent();
            Thread.sleep(50);
        }
        throw new AssertionError("The export did not finish in 30 s");
    }

    /** Every output file of the manifest, each line parsed as a FHIR resource, by type. */
    static Map<String, List<Resource>> download(JsonNode manifest, String bearer) throws Exception {
        Map<String, List<Resource>> byType = new HashMap<>();
        for (JsonNode entry : manifest.get("output")) {
            HttpResponse<String> file = send(entry.get("url").asString(), bearer, "GET");
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/fhir+ndjson");
            for (String line : file.body().split("\n")) {
                IBaseResource resource = FHIR.newJsonParser().parseResource(line);
                assertThat(resource.fhirType()).isEqualTo(entry.get("type").asString());
                byType.computeIfAbsent(resource.fhirType(), k -> new ArrayList<>()).add((Resource) resource);
            }
        }
        return byType;
    }

    int total(String type) {
        IGenericClient client = FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
        client.registerInterceptor(new BearerTokenAuthInterceptor(token));
        return client.search().byUrl(type + "?_count=1").returnBundle(Bundle.class).execute().getTotal();
    }

    static List<String> ids(List<Resource> resources) {
        return resources == null ? List.of() : resources.stream().map(r -> r.getIdElement().getIdPart()).toList();
    }
}
