package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientId;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code tandem import}: NDJSON and bundles in any file and entry order, rejected lines reported while good ones load,
 * re-runs that change nothing, bad arguments, and a large input streamed through.
 */
@SpringBootTest
class FhirImportTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final IParser JSON = FHIR.newJsonParser();
    static final String LOINC = "http://loinc.org";

    @Autowired
    Practices practices;
    @Autowired
    CurrentActor actors;
    @Autowired
    ImportConsole console;
    @Autowired
    Patients patients;
    @Autowired
    Encounters encounters;
    @Autowired
    ClinicalFacts facts;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    org.tandem.privacy.AuditVerifier verifier;

    @TempDir
    Path dir;
    @TempDir
    Path reports;

    PracticeFixture practice;
    String practiceName;
    ByteArrayOutputStream out;
    ByteArrayOutputStream err;

    @BeforeEach
    void setUp() {
        practiceName = "Import practice " + UUID.randomUUID();
        practice = PracticeFixture.create(practices, practiceName);
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
    }

    @Test
    void ndjsonAndBundlesLoadWhateverTheFileAndEntryOrder() throws IOException {
        UUID ana = UUID.randomUUID();
        UUID ben = UUID.randomUUID();
        UUID cora = UUID.randomUUID();
        UUID visit = UUID.randomUUID();
        // "Encounter.ndjson" and "Observation.ndjson" sort before "Patient.ndjson": patients must still come first
        ndjson("Encounter.ndjson", encounter(visit, "Patient/" + ana));
        ndjson("Observation.ndjson", phq9("obs-ana-1", "Patient/" + ana, 14), phq9("obs-ben-1", "urn:uuid:" + ben, 3));
        ndjson("Patient.ndjson", patient(ana, "Alvarez"), patient(ben, "Brown"));
        // a transaction bundle whose Condition comes before its Patient and refers to it by urn:uuid
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Condition depression = condition("cond-cora-1", "urn:uuid:" + cora);
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(depression.setIdElement(null))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Condition");
        Patient coraPatient = patient(cora, "Castro");
        coraPatient.setIdElement(null);
        bundle.addEntry().setFullUrl("urn:uuid:" + cora).setResource(coraPatient).getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Patient");
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(new Organization().setName("Clinic"))
                .getRequest().setMethod(Bundle.HTTPVerb.POST).setUrl("Organization");
        Files.writeString(dir.resolve("cora.json"), FHIR.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle));

        int exit = run(dir, practice.id().toString());

        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        ImportSummary summary = lastSummary;
        
        assertThat(summary.of("Patient").created()).isEqualTo(3);
        assertThat(summary.of("Encounter").created()).isEqualTo(1);
        assertThat(summary.of("Observation").created()).isEqualTo(2);
        assertThat(summary.of("Condition").created()).isEqualTo(1);
        assertThat(summary.of("Organization").acknowledged()).isEqualTo(1);
        assertThat(summary.rejectedTotal()).isZero();
        assertThat(summary.files()).isEqualTo(4);
        asPcp(() -> {
            assertThat(patients.get(new PatientId(cora)).familyName()).isEqualTo("Castro");
            assertThat(encounters.get(visit).patient()).isEqualTo(new PatientId(ana));
            assertThat(facts.of(new PatientId(ben), "Observation")).extracting(ClinicalFact::id).containsExactly("obs-ben-1");
            // the bundle's Condition had no id of its own: it is kept under its fullUrl's uuid, for the patient its urn:uuid named
            assertThat(facts.of(new PatientId(cora), "Condition")).singleElement()
                    .satisfies(c -> assertThat(c.code()).isEqualTo("35489007"));
        });
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(console).contains("\r[").contains("resources/s").contains("Patient").contains("Loaded");
    }

    @Test
    void badLinesGoToTheReportAndGoodLinesStillLoad() throws IOException {
        UUID ana = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        ndjson("mixed.ndjson",
                patient(ana, "Alvarez"),
                "{\"resourceType\": \"Observation\", \"id\": \"broken\", ",
                phq9("obs-stranger", "Patient/" + stranger, 5),
                encode(new Claim().setStatus(Claim.ClaimStatus.ACTIVE).setId("claim-1")),
                phq9("obs-ana", "Patient/" + ana, 7),
                encode(encounter(UUID.randomUUID(), "Patient/" + ana).setStatus(null)),
                encode(patient(UUID.randomUUID(), " ")));
        Path report = reports.resolve("out/rejected.ndjson");

        int exit = console.run(List.of(dir.resolve("mixed.ndjson").toString()), practiceName, report.toString(), print(out), print(err)).exit();

        assertThat(exit).isEqualTo(1);
        List<JsonNode> rows = Files.readAllLines(report).stream().map(line -> JsonMapper.builder().build().readTree(line)).toList();
        rows = rows.stream().sorted(java.util.Comparator.comparingInt(r -> r.get("line").asInt())).toList();
        assertThat(rows).extracting(r -> r.get("line").asInt() + " " + r.get("reason").asString()).containsExactly(
                "2 parse error", "3 unknown patient", "4 unsupported type", "6 invalid data", "7 invalid data");
        assertThat(rows).allSatisfy(r -> assertThat(r.get("file").asString()).endsWith("mixed.ndjson"));
        JsonNode unknown = rows.get(1);
        assertThat(unknown.get("resourceType").asString()).isEqualTo("Observation");
        assertThat(unknown.get("id").asString()).isEqualTo("obs-stranger");
        assertThat(unknown.get("message").asString()).contains(stranger.toString());
        assertThat(rows.get(2).get("resourceType").asString()).isEqualTo("Claim");
        assertThat(rows.get(3).get("message").asString()).contains("status");
        assertThat(rows.get(4).get("message").asString()).contains("Family name is required");
        asPcp(() -> assertThat(facts.of(new PatientId(ana), "Observation")).extracting(ClinicalFact::id).containsExactly("obs-ana"));
        String console = out.toString(StandardCharsets.UTF_8);
        assertThat(console).contains("parse error").contains("unknown patient: Observation").contains("unsupported type: Claim")
                .contains(report.toString());
    }

    @Test
    void aSecondRunChangesNothingAndAChangedResourceIsUpdated() throws IOException {
        UUID ana = UUID.randomUUID();
        UUID visit = UUID.randomUUID();
        ndjson("Patient.ndjson", patient(ana, "Alvarez"));
        ndjson("Encounter.ndjson", encounter(visit, "Patient/" + ana));
        ndjson("Observation.ndjson", phq9("obs-1", "Patient/" + ana, 14), phq9("obs-2", "Patient/" + ana, 4));
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(condition("cond-1", "Patient/" + ana).setIdElement(null));
        Files.writeString(dir.resolve("conditions.json"), encode(bundle));
        assertThat(run(dir, practiceName)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(lastSummary.created()).isEqualTo(5);
        long audited = auditEvents();

        assertThat(run(dir, practiceName)).as(out.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(lastSummary.created()).isZero();
        assertThat(lastSummary.updated()).isZero();
        assertThat(lastSummary.unchanged()).isEqualTo(5);
        assertThat(lastSummary.of("Observation").unchanged()).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("Observation\\s+0\\s+0\\s+2");
        // only the run's own summary event: nothing was written
        assertThat(auditEvents()).isEqualTo(audited + 1);
        asPcp(() -> {
            assertThat(patients.get(new PatientId(ana)).version()).isEqualTo(1);
            assertThat(facts.of(new PatientId(ana), null)).hasSize(3).allSatisfy(f -> assertThat(f.version()).isEqualTo(1));
        });

        ndjson("Observation.ndjson", phq9("obs-1", "Patient/" + ana, 15), phq9("obs-2", "Patient/" + ana, 4));
        assertThat(run(dir, practiceName)).as(out.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(lastSummary.of("Observation").updated()).isEqualTo(1);
        assertThat(lastSummary.unchanged()).isEqualTo(4);
        asPcp(() -> assertThat(facts.get("Observation", "obs-1").valueQuantity()).isEqualByComparingTo("15"));
    }

    @Test
    void anUnknownPracticeIsRefusedBeforeAnythingIsRead() throws IOException {
        ndjson("Patient.ndjson", patient(UUID.randomUUID(), "Alvarez"));

        int exit = console.run(List.of(dir.toString()), "No such practice " + UUID.randomUUID(), null, print(out), print(err)).exit();

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no practice with id or name");
        assertThat(console.run(List.of(dir.toString()), UUID.randomUUID().toString(), null, print(out), print(err)).exit()).isEqualTo(2);
    }

    @Test
    void anEmptyDirectoryOrAMissingPathIsSaidSo() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not FHIR");

        assertThat(console.run(List.of(dir.toString()), practiceName, null, print(out), print(err)).exit()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no FHIR files (.ndjson or .json)");
        assertThat(console.run(List.of(dir.resolve("missing").toString()), practiceName, null, print(out), print(err)).exit()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("No such file or directory");
    }

    /**
     * A large NDJSON file and a large bundle go through the streaming readers (line by line, entry by entry): most
     * lines are of a type Tandem does not keep, so the test exercises the readers rather than the database. Not timed.
     */
    @Test
    void largeFilesStreamThrough() throws IOException {
        UUID ana = UUID.randomUUID();
        int lines = 200_000;
        Path big = dir.resolve("big.ndjson");
        String claim = encode(new Claim().setStatus(Claim.ClaimStatus.ACTIVE).setPatient(new Reference("Patient/" + ana))
                .setId("claim"));
        try (BufferedWriter w = Files.newBufferedWriter(big)) {
            w.write(encode(patient(ana, "Alvarez")));
            w.newLine();
            for (int i = 0; i < lines; i++) {
                w.write(i % 1000 == 0 ? phq9("obs-" + i, "Patient/" + ana, i % 28) : claim.replace("\"id\":\"claim\"", "\"id\":\"claim-" + i + "\""));
                w.newLine();
            }
        }
        Path bigBundle = dir.resolve("big.json");
        try (BufferedWriter w = Files.newBufferedWriter(bigBundle)) {
            w.write("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[");
            for (int i = 0; i < lines; i++) {
                w.write((i == 0 ? "" : ",") + "{\"fullUrl\":\"urn:uuid:" + new UUID(0, i) + "\",\"resource\":"
                        + (i % 1000 == 0 ? phq9("b-obs-" + i, "Patient/" + ana, 1) : claim.replace("\"id\":\"claim\"", "\"id\":\"b-" + i + "\"")) + "}");
            }
            w.write("]}");
        }
        assertThat(Files.size(big) + Files.size(bigBundle)).isGreaterThan(50_000_000L);

        int exit = run(dir, practiceName);

        assertThat(exit).isEqualTo(1);
        assertThat(lastSummary.of("Observation").created()).isEqualTo(2 * lines / 1000);
        assertThat(lastSummary.rejected()).containsEntry("unsupported type: Claim", (long) 2 * (lines - lines / 1000));
    }

    /**
     * One chunk (fewer than {@value FhirImport#CHUNK} resources) that mixes new, changed and unchanged patients, visits
     * and facts goes through the batch writes: each gets its own outcome, only what was written is audited (and the
     * chain still verifies), versions move only for changed rows, and a changed fact's codings are replaced.
     */
    @Test
    void aChunkMixingNewChangedAndUnchangedResourcesIsStoredInOneBatch() throws IOException {
        UUID ana = UUID.randomUUID();
        UUID ben = UUID.randomUUID();
        UUID visit1 = UUID.randomUUID();
        UUID visit2 = UUID.randomUUID();
        ndjson("Patient.ndjson", patient(ana, "Alvarez"), patient(ben, "Brown"));
        ndjson("Encounter.ndjson", encounter(visit1, "Patient/" + ana), encounter(visit2, "Patient/" + ben));
        ndjson("Observation.ndjson", phq9("obs-1", "Patient/" + ana, 14), phq9("obs-2", "Patient/" + ben, 4));
        ndjson("Condition.ndjson", condition("cond-1", "Patient/" + ana), condition("cond-2", "Patient/" + ben));
        assertThat(run(dir, practiceName)).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(lastSummary.created()).isEqualTo(8);
        long audited = auditEvents();

        UUID cora = UUID.randomUUID();
        UUID visit3 = UUID.randomUUID();
        ndjson("Patient.ndjson", patient(ana, "Alvarez"), patient(ben, "Brown-Smith"), patient(cora, "Castro"));
        ndjson("Encounter.ndjson", encounter(visit1, "Patient/" + ana), encounter(visit2, "Patient/" + ben).setStatus(
                Encounter.EncounterStatus.CANCELLED), encounter(visit3, "Patient/" + cora));
        ndjson("Observation.ndjson", phq9("obs-1", "Patient/" + ana, 15), phq9("obs-2", "Patient/" + ben, 4),
                phq9("obs-3", "Patient/" + cora, 9));
        Condition anxiety = condition("cond-2", "Patient/" + ben);
        anxiety.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "197480006", "Anxiety disorder"))
                .addCoding(new Coding("http://hl7.org/fhir/sid/icd-10-cm", "F41.9", null)));
        ndjson("Condition.ndjson", condition("cond-1", "Patient/" + ana), anxiety);

        assertThat(run(dir, practiceName)).as(out.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(lastSummary.of("Patient")).isEqualTo(new ImportSummary.Counts(1, 1, 1, 0));
        assertThat(lastSummary.of("Encounter")).isEqualTo(new ImportSummary.Counts(1, 1, 1, 0));
        assertThat(lastSummary.of("Observation")).isEqualTo(new ImportSummary.Counts(1, 1, 1, 0));
        assertThat(lastSummary.of("Condition")).isEqualTo(new ImportSummary.Counts(0, 1, 1, 0));
        // 3 created + 4 updated, and the run's summary
        assertThat(auditEvents()).isEqualTo(audited + 7 + 1);
        asPcp(() -> {
            assertThat(patients.get(new PatientId(ana)).version()).isEqualTo(1);
            assertThat(patients.get(new PatientId(ben)).version()).isEqualTo(2);
            assertThat(patients.get(new PatientId(ben)).familyName()).isEqualTo("Brown-Smith");
            assertThat(encounters.get(visit1).version()).isEqualTo(1);
            assertThat(encounters.get(visit2).status()).isEqualTo("cancelled");
            assertThat(encounters.get(visit2).version()).isEqualTo(2);
            assertThat(encounters.get(visit3).patient()).isEqualTo(new PatientId(cora));
            assertThat(facts.get("Observation", "obs-1").valueQuantity()).isEqualByComparingTo("15");
            assertThat(facts.get("Observation", "obs-2").version()).isEqualTo(1);
            assertThat(facts.get("Condition", "cond-1").version()).isEqualTo(1);
            assertThat(facts.get("Condition", "cond-2").code()).isEqualTo("197480006");
        });
        assertThat(jdbc.queryForList("SELECT system || '|' || code FROM clinical_fact_coding WHERE practice_id = ? AND "
                + "resource_type = 'Condition' AND fact_id = 'cond-2'", String.class, practice.id().value()))
                .containsExactlyInAnyOrder("http://snomed.info/sct|197480006", "http://hl7.org/fhir/sid/icd-10-cm|F41.9");
        assertThat(verifier.verify(practice.id()).intact()).isTrue();
    }

    /**
     * A resource that maps but that the facade refuses (a patient without a family name) fails its chunk's batch: the
     * chunk is rolled back and loaded one resource per transaction, so only that resource is rejected; the rolled-back
     * batch leaves nothing in the audit trail, which still verifies.
     */
    @Test
    void aBadResourceMakesItsChunkLoadOneByOneAndOnlyItIsRejected() throws IOException {
        List<Object> lines = new ArrayList<>();
        List<UUID> good = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            UUID id = UUID.randomUUID();
            good.add(id);
            lines.add(patient(id, "Good" + i));
            if (i == 60) {
                lines.add(patient(UUID.randomUUID(), " "));
            }
        }
        ndjson("Patient.ndjson", lines.toArray());
        List<Object> observations = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            observations.add(phq9("obs-" + i, "Patient/" + good.get(i), i % 28));
        }
        ndjson("Observation.ndjson", observations.toArray());
        long before = auditEvents();

        assertThat(run(dir, practiceName)).isEqualTo(1);

        assertThat(lastSummary.of("Patient").created()).isEqualTo(120);
        assertThat(lastSummary.of("Observation").created()).isEqualTo(120);
        assertThat(lastSummary.rejected()).containsExactly(java.util.Map.entry("invalid data: Patient", 1L));
        assertThat(auditEvents()).isEqualTo(before + 240 + 1);
        asPcp(() -> assertThat(patients.byIds(good.stream().map(PatientId::new).toList())).hasSize(120));
        assertThat(verifier.verify(practice.id()).intact()).isTrue();
    }

    /** Many chunks: every resource audited once, in one unbroken chain. */
    @Test
    void aBatchImportLeavesAnAuditChainThatVerifies() throws IOException {
        ImportBenchData.write(dir, 100, new java.util.Random().nextLong());
        long before = auditEvents();

        assertThat(run(dir, practiceName)).as(out.toString(StandardCharsets.UTF_8)).isZero();

        assertThat(lastSummary.created()).isEqualTo(100 * ImportBenchData.PER_PATIENT);
        assertThat(auditEvents()).isEqualTo(before + 100 * ImportBenchData.PER_PATIENT + 1);
        assertThat(verifier.verify(practice.id()).intact()).isTrue();
        assertThat(run(dir, practiceName)).isZero();
        assertThat(lastSummary.unchanged()).isEqualTo(100 * ImportBenchData.PER_PATIENT);
        assertThat(verifier.verify(practice.id()).intact()).isTrue();
    }

    // ---- helpers ----

    ImportSummary lastSummary;

    int run(Path input, String practiceRef) {
        out.reset();
        err.reset();
        Path report = reports.resolve("report-" + UUID.randomUUID() + ".ndjson");
        ImportConsole.Result result = console.run(List.of(input.toString()), practiceRef, report.toString(), print(out), print(err));
        lastSummary = result.summary();
        if (Files.exists(report)) {
            try {
                out.write(Files.readAllBytes(report));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return result.exit();
    }

    long auditEvents() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ?", Long.class, practice.id().value());
    }

    void asPcp(Runnable work) {
        actors.runAs(practice.actor(Role.PCP), work);
    }

    static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    void ndjson(String name, Object... resources) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Object r : resources) {
            lines.add(r instanceof Resource resource ? encode(resource) : (String) r);
        }
        Files.write(dir.resolve(name), lines);
    }

    static String encode(Resource resource) {
        return JSON.encodeResourceToString(resource);
    }

    static Patient patient(UUID id, String family) {
        Patient patient = new Patient();
        patient.setId(id.toString());
        patient.addName().setFamily(family).addGiven("Test");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-04-02"));
        patient.addIdentifier().setSystem("urn:test:mrn").setValue("MRN-" + id.toString().substring(0, 8));
        return patient;
    }

    static Encounter encounter(UUID id, String patient) {
        Encounter encounter = new Encounter();
        encounter.setId(id.toString());
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setSubject(new Reference(patient));
        encounter.setPeriod(new Period().setStartElement(new DateTimeType("2025-03-04T10:00:00Z"))
                .setEndElement(new DateTimeType("2025-03-04T10:30:00Z")));
        return encounter;
    }

    static String phq9(String id, String patient, int score) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding(LOINC, "44261-6", "PHQ-9 total score")));
        observation.setSubject(new Reference(patient));
        observation.setEffective(new DateTimeType("2025-03-04T10:15:00Z"));
        observation.setValue(new IntegerType(score));
        return encode(observation);
    }

    static Condition condition(String id, String patient) {
        Condition condition = new Condition();
        condition.setId(id);
        condition.setSubject(new Reference(patient));
        condition.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", "35489007", "Depressive disorder")));
        condition.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
        condition.setOnset(new DateTimeType("2025-03-04"));
        return condition;
    }
}
