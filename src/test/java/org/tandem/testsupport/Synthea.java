package org.tandem.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Synthea (org.mitre.synthea:synthea 3.3.0) in a forked JVM with its own classpath. Synthea brings HAPI FHIR 6.1,
 * Jackson 2.13, log4j, GraalJS and a CQL engine, which clash with Tandem's HAPI FHIR 8.8, Jackson and Spring Boot
 * versions; so the test classpath holds only the Synthea jar (its dependencies are excluded in pom.xml), and its
 * runtime classpath is resolved once by Maven from {@code src/test/synthea/pom.xml} into
 * {@code target/synthea/classpath.txt}.
 */
public final class Synthea {

    /** Resource types Synthea writes that Tandem neither keeps nor needs here; left out to keep the test's files small. */
    public static final String EXCLUDED = "Claim,ExplanationOfBenefit,DocumentReference,DiagnosticReport,Provenance,ImagingStudy,"
            + "Medication,MedicationAdministration,SupplyDelivery,Device";

    private Synthea() {
    }

    /**
     * Generates a population into {@code dir/fhir} as FHIR R4 transaction bundles (one per patient, plus the
     * hospital and practitioner bundles) and returns that directory. A population already generated with the same
     * arguments and Synthea jars in this {@code target/} is returned from the cache instead (Synthea takes minutes;
     * the H2 and PostgreSQL test executions both need it): callers must not change the returned files.
     *
     * @param referenceDate the simulation's end, YYYYMMDD, so the population does not change with the day it runs
     */
    public static Path generate(Path dir, int population, long seed, String referenceDate, String state) throws IOException,
            InterruptedException {
        List<String> arguments = List.of("-p", String.valueOf(population), "-s", String.valueOf(seed), "-cs", String.valueOf(seed),
                "-r", referenceDate,
                "--exporter.fhir.export=true", "--exporter.fhir.transaction_bundle=true", "--exporter.fhir.bulk_data=false",
                "--exporter.fhir.excluded_resources=" + EXCLUDED,
                "--exporter.ccda.export=false", "--exporter.csv.export=false", "--exporter.text.export=false",
                "--exporter.metadata.export=false", "--exporter.years_of_history=3", "--generate.log_patients.detail=simple",
                state);
        String classpath = classpath();
        // The same arguments and the same Synthea jars (their paths name their versions) give the same files, so a
        // population generated once is reused by later runs in the same target/ (the H2 and the PostgreSQL test runs).
        Path cached = CACHE.resolve(key(classpath, arguments));
        if (Files.isRegularFile(cached.resolve(COMPLETE))) {
            return cached.resolve("fhir");
        }
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.add("-Xmx1g");
        command.add("-cp");
        command.add(classpath);
        command.add("App");
        command.add("--exporter.baseDirectory=" + dir.toAbsolutePath());
        command.addAll(arguments);
        Path log = dir.resolve("synthea.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("Synthea did not finish within 15 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Synthea failed (exit " + process.exitValue() + "):\n" + tail(log));
        }
        cache(dir.resolve("fhir"), cached);
        return dir.resolve("fhir");
    }

    /** Where generated populations are kept, one directory per {@link #key}; {@code mvn clean} removes them. */
    static final Path CACHE = Path.of("target", "synthea", "populations").toAbsolutePath();
    /** Written last into a cached population: without it the directory is incomplete and generated again. */
    static final String COMPLETE = "complete";

    /** SHA-256 of Synthea's classpath and arguments. */
    static String key(String classpath, List<String> arguments) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(classpath.getBytes(StandardCharsets.UTF_8));
            for (String argument : arguments) {
                sha.update((byte) 0);
                sha.update(argument.getBytes(StandardCharsets.UTF_8));
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 24);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies the generated files to the cache: into a temporary directory first, renamed when complete. */
    private static void cache(Path fhir, Path cached) throws IOException {
        Path partial = Files.createTempDirectory(Files.createDirectories(CACHE), "partial-");
        try (java.util.stream.Stream<Path> files = Files.walk(fhir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = partial.resolve("fhir").resolve(fhir.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Files.writeString(partial.resolve(COMPLETE), "generated " + java.time.Instant.now() + System.lineSeparator());
        if (Files.isDirectory(cached) && !Files.exists(cached.resolve(COMPLETE))) {
            deleteTree(cached); // left by a run that stopped while copying
        }
        try {
            Files.move(partial, cached, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // another run cached the same population meanwhile (or the move is not possible): keep theirs
            deleteTree(partial);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Synthea's runtime classpath, resolved by Maven on first use (offline when the artifacts are cached). */
    static String classpath() throws IOException, InterruptedException {
        Path file = Path.of("target", "synthea", "classpath.txt").toAbsolutePath();
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            String mvn = System.getProperty("os.name").toLowerCase().contains("win") ? "mvn.cmd" : "mvn";
            String mavenHome = System.getProperty("maven.home", System.getenv("MAVEN_HOME"));
            if (mavenHome != null && Files.exists(Path.of(mavenHome, "bin", mvn))) {
                mvn = Path.of(mavenHome, "bin", mvn).toString();
            }
            Path log = file.resolveSibling("resolve.log");
            boolean resolved = false;
            for (boolean offline : new boolean[] { true, false }) {
                List<String> command = new ArrayList<>(List.of(mvn, "-q", "-B", "-f", Path.of("src", "test", "synthea", "pom.xml").toString(),
                        "org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath", "-Dmdep.outputFile=" + file));
                if (offline) {
                    command.add(1, "-o");
                }
                Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (process.waitFor(10, TimeUnit.MINUTES) && process.exitValue() == 0 && Files.exists(file)) {
                    resolved = true;
                    break;
                }
            }
            if (!resolved) {
                throw new IllegalStateException("Could not resolve Synthea's classpath with Maven:\n" + tail(log));
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join(File.separator.equals("\\") ? "\r\n" : "\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
