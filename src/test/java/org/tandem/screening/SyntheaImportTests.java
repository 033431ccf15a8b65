package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.tandem.fhir.FhirImport;
import org.tandem.fhir.ImportSummary;
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.EncounterRecord;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientId;
import org.tandem.patient.PatientPage;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;
import org.tandem.testsupport.Synthea;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Real input: Synthea generates 30 patients (seed 42, Massachusetts, which Synthea ships the geography of, so it runs
 * offline; simulation ending 2025-06-01, the last 3 years of history exported) as FHIR R4 transaction bundles; {@link FhirImport}, the code path of
 * {@code tandem import}, loads them into a fresh practice. Every Encounter, every Condition and every screening
 * result Observation (PHQ-2, PHQ-9, PHQ-A, GAD-7, AUDIT-C, DAST-10 by their LOINC total-score codes) in the files is
 * then found in Tandem, per patient; the screening module's history holds exactly the files' screening results, and
 * the reach dashboard's numbers stay within what the files allow. The files are read here with Jackson, not with
 * the importer's code.
 */
@SpringBootTest
class SyntheaImportTests {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Practices practices;
    @Autowired
    CurrentActor actors;
    @Autowired
    FhirImport importer;
    @Autowired
    Patients patients;
    @Autowired
    Encounters encounters;
    @Autowired
    ClinicalFacts facts;
    @Autowired
    Screenings screenings;
    @Autowired
    ScreeningReach reach;

    @TempDir
    Path dir;

    /** What the files hold, per patient id. */
    final Set<String> filePatients = new HashSet<>();
    final Map<String, Set<String>> fileEncounters = new HashMap<>();
    final Map<String, List<Instant>> fileVisits = new HashMap<>();
    final Map<String, Set<String>> fileConditions = new HashMap<>();
    /** Screening results: patient -> observation id -> instrument id. */
    final Map<String, Map<String, String>> fileScreenings = new HashMap<>();
    final Map<String, List<Result>> fileResults = new HashMap<>();

    record Result(String instrument, Instant at, int total) {
    }

    @Test
    void everyScreeningConditionAndEncounterOfASyntheaPopulationIsFoundInTandem() throws Exception {
        long started = System.nanoTime();
        Path fhir = Synthea.generate(dir, 30, 42, "20250601", "Massachusetts");
        long generated = System.nanoTime();
        readFiles(fhir);
        PracticeFixture practice = PracticeFixture.create(practices, "Synthea practice");

        List<Path> files = FhirImport.inputFiles(fhir);
        ImportSummary summary = actors.runAs(practice.actor(Role.PCP), () -> importer.run(files, dir.resolve("rejected.ndjson"), null));
        long imported = System.nanoTime();
        System.out.printf("Synthea: %d patients generated in %.1f s; %,d resources imported in %.1f s (%,.0f/s)%n%s%n",
                filePatients.size(), (generated - started) / 1e9, summary.accepted() + summary.rejectedTotal(),
                (imported - generated) / 1e9, summary.perSecond(), summary.table());

        int screeningsInFiles = fileScreenings.values().stream().mapToInt(Map::size).sum();
        assertThat(filePatients).hasSizeGreaterThanOrEqualTo(30);
        assertThat(screeningsInFiles).as("Synthea writes screening results").isGreaterThan(100);
        assertThat(fileScreenings.values().stream().flatMap(m -> m.values().stream()).distinct())
                .contains(Instruments.PHQ_2, Instruments.GAD_7, Instruments.AUDIT_C, Instruments.DAST_10);
        // only types Tandem does not keep are rejected, never a Patient, Encounter, Condition or Observation
        assertThat(summary.rejected().keySet()).allSatisfy(reason -> assertThat(reason).startsWith("unsupported type: "));
        assertThat(summary.of("Patient").created()).isEqualTo(filePatients.size());
        assertThat(summary.of("Encounter").created()).isEqualTo(fileEncounters.values().stream().mapToInt(Set::size).sum());
        assertThat(summary.of("Condition").created()).isEqualTo(fileConditions.values().stream().mapToInt(Set::size).sum());

        actors.runAs(practice.actor(Role.PCP), () -> {
            assertThat(patients.byIds(filePatients.stream().map(PatientId::of).toList())).hasSize(filePatients.size());
            for (String patient : filePatients) {
                PatientId id = PatientId.of(patient);
                assertThat(encounterIds(id)).as("encounters of " + patient).isEqualTo(fileEncounters.getOrDefault(patient, Set.of()));
                assertThat(ids(facts.of(id, "Condition"))).as("conditions of " + patient)
                        .isEqualTo(fileConditions.getOrDefault(patient, Set.of()));
                Map<String, String> expected = fileScreenings.getOrDefault(patient, Map.of());
                Set<String> stored = new HashSet<>();
                for (ClinicalFact fact : facts.of(id, "Observation")) {
                    if (Instruments.byResultCode(String.valueOf(fact.codeSystem()), String.valueOf(fact.code())).isPresent()) {
                        stored.add(fact.id());
                    }
                }
                assertThat(stored).as("screening results of " + patient).isEqualTo(expected.keySet());
                // the screening module's history: each file result once, as the same instrument
                Map<String, String> history = new HashMap<>();
                for (ScreeningEvent event : screenings.history(id)) {
                    history.put(event.observation(), event.instrument());
                }
                assertThat(history).as("screening history of " + patient).isEqualTo(expected);
            }
            Map<PatientId, List<ScreeningEvent>> population = screenings.population(null, Instant.parse("1900-01-01T00:00:00Z"),
                    Instant.parse("2100-01-01T00:00:00Z"));
            assertThat(population.values().stream().mapToInt(List::size).sum()).isEqualTo(screeningsInFiles);
            checkReach();
        });
        System.out.printf("Synthea test: %.1f s in all%n", (System.nanoTime() - started) / 1e9);
    }

    /**
     * The reach dashboard over the 24 months before the simulation's end: per month and instrument, no more patients
     * screened than the files have patients with a visit that month and a result of that instrument (or one that
     * contains it), no more positives than screened, and screenings are found at all.
     */
    void checkReach() {
        ReachReport.Result result = reach.report(new ReachReport.Filter(YearMonth.of(2023, 6), YearMonth.of(2025, 5), null, null));
        int screened = 0;
        for (ReachReport.Row row : result.rows()) {
            Set<String> covering = ScreeningRules.coveredBy(row.instrument());
            int visited = 0;
            int withResult = 0;
            for (String patient : filePatients) {
                boolean visit = fileVisits.getOrDefault(patient, List.of()).stream()
                        .anyMatch(at -> YearMonth.from(at.atZone(ZONE)).equals(row.month()));
                if (!visit) {
                    continue;
                }
                visited++;
                if (fileResults.getOrDefault(patient, List.of()).stream().anyMatch(r -> covering.contains(r.instrument())
                        && YearMonth.from(r.at().atZone(ZONE)).equals(row.month()))) {
                    withResult++;
                }
            }
            assertThat(row.eligible()).as(row.toString()).isLessThanOrEqualTo(visited);
            assertThat(row.screened()).as(row.toString()).isLessThanOrEqualTo(Math.min(withResult, row.eligible()));
            assertThat(row.positive()).as(row.toString()).isLessThanOrEqualTo(row.screened());
            screened += row.screened();
        }
        assertThat(screened).as("patients screened in two years of reach").isPositive();
    }

    Set<String> encounterIds(PatientId patient) {
        Set<String> ids = new HashSet<>();
        int offset = 0;
        while (true) {
            PatientPage<EncounterRecord> page = encounters.search(patient, null, null, offset, 500);
            page.items().forEach(e -> ids.add(e.id().toString()));
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                return ids;
            }
        }
    }

    static Set<String> ids(List<ClinicalFact> list) {
        Set<String> ids = new HashSet<>();
        list.forEach(f -> ids.add(f.id()));
        return ids;
    }

    void readFiles(Path fhir) throws IOException {
        try (Stream<Path> files = Files.list(fhir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode bundle = JSON.readTree(file.toFile());
                for (JsonNode entry : bundle.path("entry")) {
                    JsonNode resource = entry.path("resource");
                    String type = resource.path("resourceType").asString();
                    String id = resource.path("id").asString();
                    String patient = patientOf(resource);
                    switch (type) {
                        case "Patient" -> filePatients.add(id);
                        case "Encounter" -> {
                            fileEncounters.computeIfAbsent(patient, p -> new HashSet<>()).add(id);
                            fileVisits.computeIfAbsent(patient, p -> new ArrayList<>()).add(instant(resource.path("period").path("start")));
                        }
                        case "Condition" -> fileConditions.computeIfAbsent(patient, p -> new HashSet<>()).add(id);
                        case "Observation" -> {
                            JsonNode coding = resource.path("code").path("coding").path(0);
                            Optional<Instrument> instrument = Instruments.byResultCode(coding.path("system").asString(),
                                    coding.path("code").asString());
                            if (instrument.isPresent()) {
                                fileScreenings.computeIfAbsent(patient, p -> new TreeMap<>()).put(id, instrument.get().id());
                                fileResults.computeIfAbsent(patient, p -> new ArrayList<>()).add(new Result(instrument.get().id(),
                                        instant(resource.path("effectiveDateTime")), resource.path("valueQuantity").path("value").asInt()));
                            }
                        }
                        default -> {
                        }
                    }
                }
            }
        }
    }

    static String patientOf(JsonNode resource) {
        String reference = resource.path("subject").path("reference").asString("");
        return reference.startsWith("urn:uuid:") ? reference.substring("urn:uuid:".length())
                : reference.startsWith("Patient/") ? reference.substring("Patient/".length()) : null;
    }

    static Instant instant(JsonNode dateTime) {
        return OffsetDateTime.parse(dateTime.asString()).toInstant();
    }
}
