package org.tandem.fhir;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes a synthetic population as FHIR NDJSON for timing {@code tandem import}: per patient one Patient, three
 * Encounters, four PHQ-9 Observations and two Conditions (ten resources), in {@code Patient.ndjson},
 * {@code Encounter.ndjson}, {@code Observation.ndjson} and {@code Condition.ndjson}. Ids derive from the seed and the
 * patient's number, so writing again with the same arguments gives the same files (a re-import changes nothing) and a
 * different seed gives new patients.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:... org.tandem.fhir.ImportBenchData DIR PATIENTS [SEED]
 * </pre>
 */
public final class ImportBenchData {

    /** Resources written per patient. */
    public static final int PER_PATIENT = 10;

    private ImportBenchData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("Usage: ImportBenchData DIR PATIENTS [SEED]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        int patients = Integer.parseInt(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        write(dir, patients, seed);
        System.out.printf("%d patients, %d resources in %s%n", patients, (long) patients * PER_PATIENT, dir);
    }

    /** Writes the four NDJSON files for {@code patients} patients into {@code dir}. */
    public static void write(Path dir, int patients, long seed) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter p = Files.newBufferedWriter(dir.resolve("Patient.ndjson"));
                BufferedWriter e = Files.newBufferedWriter(dir.resolve("Encounter.ndjson"));
                BufferedWriter o = Files.newBufferedWriter(dir.resolve("Observation.ndjson"));
                BufferedWriter c = Files.newBufferedWriter(dir.resolve("Condition.ndjson"))) {
            for (int i = 0; i < patients; i++) {
                UUID patient = new UUID(seed, i);
                LocalDate born = LocalDate.of(1940, 1, 1).plusDays((i * 7919L) % 25_000);
                p.write(String.format(Locale.ROOT, "{\"resourceType\":\"Patient\",\"id\":\"%s\",\"identifier\":[{\"system\":"
                        + "\"urn:bench:mrn\",\"value\":\"B%d-%d\"}],\"name\":[{\"family\":\"Bench%d\",\"given\":[\"Pat\"]}],"
                        + "\"gender\":\"%s\",\"birthDate\":\"%s\"}", patient, seed, i, i % 997, i % 2 == 0 ? "female" : "male", born));
                p.newLine();
                for (int v = 0; v < 3; v++) {
                    UUID visit = new UUID(seed, ((long) i << 8) | (0x10 + v));
                    LocalDate day = LocalDate.of(2024, 1, 2).plusDays((i * 31L + v * 97L) % 600);
                    e.write(String.format(Locale.ROOT, "{\"resourceType\":\"Encounter\",\"id\":\"%s\",\"status\":\"finished\","
                            + "\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
                            + "\"type\":[{\"coding\":[{\"system\":\"http://www.ama-assn.org/go/cpt\",\"code\":\"99213\"}]}],"
                            + "\"subject\":{\"reference\":\"Patient/%s\"},\"period\":{\"start\":\"%sT14:00:00Z\",\"end\":\"%sT14:30:00Z\"}}",
                            visit, patient, day, day));
                    e.newLine();
                }
                for (int s = 0; s < 4; s++) {
                    LocalDate day = LocalDate.of(2024, 1, 2).plusDays((i * 13L + s * 120L) % 700);
                    o.write(String.format(Locale.ROOT, "{\"resourceType\":\"Observation\",\"id\":\"b%d-%d-phq9-%d\",\"status\":\"final\","
                            + "\"category\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\","
                            + "\"code\":\"survey\"}]}],\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"44261-6\","
                            + "\"display\":\"PHQ-9 total score\"}]},\"subject\":{\"reference\":\"Patient/%s\"},"
                            + "\"effectiveDateTime\":\"%sT14:10:00Z\",\"valueInteger\":%d}", seed, i, s, patient, day, (i + s * 5) % 28));
                    o.newLine();
                }
                for (int d = 0; d < 2; d++) {
                    LocalDate day = LocalDate.of(2023, 6, 1).plusDays((i * 17L + d * 200L) % 700);
                    String code = d == 0 ? "35489007" : "197480006";
                    String display = d == 0 ? "Depressive disorder" : "Anxiety disorder";
                    c.write(String.format(Locale.ROOT, "{\"resourceType\":\"Condition\",\"id\":\"b%d-%d-cond-%d\",\"clinicalStatus\":"
                            + "{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-clinical\",\"code\":\"active\"}]},"
                            + "\"verificationStatus\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/condition-ver-status\","
                            + "\"code\":\"confirmed\"}]},\"category\":[{\"coding\":[{\"system\":"
                            + "\"http://terminology.hl7.org/CodeSystem/condition-category\",\"code\":\"encounter-diagnosis\"}]}],"
                            + "\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\"%s\",\"display\":\"%s\"},"
                            + "{\"system\":\"http://hl7.org/fhir/sid/icd-10-cm\",\"code\":\"%s\"}]},\"subject\":{\"reference\":\"Patient/%s\"},"
                            + "\"onsetDateTime\":\"%s\",\"recordedDate\":\"%s\"}", seed, i, d, code, display, d == 0 ? "F32.9" : "F41.9",
                            patient, day, day));
                    c.newLine();
                }
            }
        }
    }
}
