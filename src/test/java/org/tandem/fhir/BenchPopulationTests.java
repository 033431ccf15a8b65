package org.tandem.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's synthetic population: clones of the official test cases with fresh ids, MRNs and shifted dates. */
class BenchPopulationTests {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    @TempDir
    Path dir;

    @Test
    void clonesHaveFreshIdsOwnMrnsAndReferToTheirOwnPatient() throws Exception {
        BenchPopulation population = BenchPopulation.load(FHIR);
        assertThat(population.templateCount()).isEqualTo(70);
        BenchPopulation.Written written = population.write(dir, 150, 7, 3, "T-");
        assertThat(written.patients()).isEqualTo(150);
        assertThat(written.leftOut()).containsKeys("MeasureReport", "Organization", "Practitioner");
        assertThat(written.leftOut().get("MeasureReport")).isEqualTo(150);

        List<String> patientLines = Files.readAllLines(dir.resolve("Patient.ndjson"));
        assertThat(patientLines).hasSize(150);
        Set<String> patientIds = new HashSet<>();
        Set<String> mrns = new HashSet<>();
        for (String line : patientLines) {
            Patient patient = FHIR.newJsonParser().parseResource(Patient.class, line);
            patientIds.add(patient.getIdElement().getIdPart());
            mrns.add(patient.getIdentifierFirstRep().getValue());
        }
        assertThat(patientIds).hasSize(150);
        assertThat(mrns).hasSize(150).allSatisfy(mrn -> assertThat(mrn).startsWith("T-"));

        Set<String> ids = new HashSet<>();
        long lines = 0;
        for (Path file : written.files()) {
            for (String line : Files.readAllLines(file)) {
                Resource resource = (Resource) FHIR.newJsonParser().parseResource(line);
                assertThat(ids.add(resource.fhirType() + "/" + resource.getIdElement().getIdPart())).isTrue();
                if (!(resource instanceof Patient)) {
                    assertThat(patientIds).contains(FhirMapping.patientReference(resource).getReferenceElement().getIdPart());
                }
                lines++;
            }
        }
        assertThat(lines).isEqualTo(written.total());
    }

    @Test
    void datesMoveByTheShiftKeepingTheirTime() {
        assertThat(BenchPopulation.shift("{\"birthDate\":\"2000-02-28\",\"start\":\"2025-12-31T23:00:00-05:00\",\"v\":\"2025\"}", 2))
                .isEqualTo("{\"birthDate\":\"2000-03-01\",\"start\":\"2026-01-02T23:00:00-05:00\",\"v\":\"2025\"}");
        assertThat(BenchPopulation.shift("{\"d\":\"2025-01-01\"}", -1)).isEqualTo("{\"d\":\"2024-12-31\"}");
    }
}
