package org.tandem.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.tandem.measure.MeasureEvaluation;
import org.tandem.measure.MeasurePeriod;
import org.tandem.measure.Measures;
import org.tandem.measure.Population;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/**
 * {@code tandem bench measures --patients N}: builds a synthetic population of N patients by cloning the official
 * CMS2/CMS159 test cases ({@link BenchPopulation}), loads it into a fresh practice, evaluates both measures over the
 * whole population (cold: the practice's first evaluation, which reads the population from the database), then
 * repeats the evaluation with the measures' cache warm (what a dashboard refresh costs), and exports the practice
 * (FHIR Bulk Data NDJSON). Each run uses a new practice; figures are medians over the runs with min and max.
 */
@Component
@ConditionalOnProperty(name = "tandem.command", havingValue = "bench-measures")
class MeasureBench implements ApplicationRunner, ExitCodeGenerator {

    static final List<String> MEASURES = List.of("PCSDepressionScreenAndFollowUpFHIR", "DepressionRemissionatTwelveMonthsFHIR");
    /** The test cases' reporting period. */
    static final MeasurePeriod PERIOD = MeasurePeriod.year(2025);

    private final Practices practices;
    private final CurrentActor actors;
    private final FhirImport importer;
    private final Measures measures;
    private final BulkExporter exporter;
    private final FhirContext fhir;
    private final DataSource dataSource;
    private final long patients;
    private final int runs;
    private final int refreshes;
    private final int maxShiftDays;
    private final long seed;
    private final boolean export;
    private final String workDir;
    private int exitCode = 1;

    MeasureBench(Practices practices, CurrentActor actors, FhirImport importer, Measures measures, BulkExporter exporter,
            FhirContext fhir, DataSource dataSource, @Value("${tandem.bench.patients:1000}") long patients,
            @Value("${tandem.bench.runs:3}") int runs, @Value("${tandem.bench.refreshes:10}") int refreshes,
            @Value("${tandem.bench.max-shift-days:3}") int maxShiftDays, @Value("${tandem.bench.seed:1}") long seed,
            @Value("${tandem.bench.export:true}") boolean export, @Value("${tandem.bench.work-dir:}") String workDir) {
        this.practices = practices;
        this.actors = actors;
        this.importer = importer;
        this.measures = measures;
        this.exporter = exporter;
        this.fhir = fhir;
        this.dataSource = dataSource;
        this.patients = patients;
        this.runs = Math.max(1, runs);
        this.refreshes = Math.max(1, refreshes);
        this.maxShiftDays = Math.max(0, maxShiftDays);
        this.seed = seed;
        this.export = export;
        this.workDir = workDir;
    }

    record Run(long resources, double loadSeconds, double coldSeconds, List<Double> warmMillis, double exportSeconds,
            long exported, Map<String, Map<Population, Integer>> counts, boolean measured) {
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (patients < 1) {
            System.err.println("--patients must be at least 1");
            exitCode = 2;
            return;
        }
        printMachine();
        BenchPopulation population = BenchPopulation.load(fhir);
        System.out.printf("Population: %,d patients cloned from %d official test cases (CMS2 27, CMS159 43), dates shifted "
                + "by up to %d days, seed %d; %d run(s), %d warm refreshes each%n", patients, population.templateCount(),
                maxShiftDays, seed, runs, refreshes);
        Path root = workDir.isBlank() ? Files.createTempDirectory("tandem-bench") : Files.createDirectories(Path.of(workDir));
        List<Run> results = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
            Path dir = root.resolve("run-" + r);
            long started = System.nanoTime();
            BenchPopulation.Written written = population.write(dir.resolve("population"), patients, seed + r, maxShiftDays, "B" + r + "-");
            System.out.printf("run %d: generated %,d resources in %.1f s %s (left out, not stored by Tandem: %s)%n", r, written.total(),
                    seconds(started), written.resources(), written.leftOut());
            results.add(run(r, written, dir));
            deleteTree(dir);
        }
        summarize(results);
        exitCode = 0;
    }

    private Run run(int number, BenchPopulation.Written written, Path dir) {
        PracticeId practice = practices.createPractice("Benchmark " + number + " " + UUID.randomUUID().toString().substring(0, 8),
                ZoneOffset.UTC);
        Actor actor = Actor.system("bench", practice, EnumSet.of(Role.PCP), Channel.CLI);
        return actors.runAs(actor, () -> {
            long started = System.nanoTime();
            long loaded = load(written.files(), started, written.total());
            double loadSeconds = seconds(started);
            System.out.printf("%nrun %d: loaded %,d resources in %.1f s (%,.0f resources/s) through tandem import (FhirImport)%n",
                    number, loaded, loadSeconds, loaded / loadSeconds);
            Map<String, Map<Population, Integer>> counts = new LinkedHashMap<>();
            double cold = Double.NaN;
            List<Double> warm = new ArrayList<>();
            boolean measured = true;
            try {
                if (measures.definitions().size() < MEASURES.size()) {
                    System.out.printf("run %d: WARNING: the measures' content (Measure, Library, ValueSets) is not stored yet, so every "
                            + "count will be 0; it must be stored before command-line runners run%n", number);
                }
                long coldStart = System.nanoTime();
                for (String measure : MEASURES) {
                    MeasureEvaluation evaluation = measures.evaluate(measure, PERIOD);
                    counts.put(measure, evaluation.counts());
                }
                cold = seconds(coldStart);
                for (int i = 0; i < refreshes; i++) {
                    long warmStart = System.nanoTime();
                    for (String measure : MEASURES) {
                        measures.evaluate(measure, PERIOD);
                    }
                    warm.add(seconds(warmStart) * 1000);
                }
                System.out.printf("run %d: both measures over %,d patients: cold %.2f s (%,.0f patients/s), warm median %.1f ms; counts %s%n",
                        number, written.patients(), cold, written.patients() / cold, median(warm), counts);
            } catch (UnsupportedOperationException e) {
                measured = false;
                System.out.printf("run %d: the Measures facade of this build does not evaluate yet (%s): evaluation not timed%n", number,
                        e.getMessage());
            }
            double exportSeconds = Double.NaN;
            long exported = 0;
            if (export) {
                long exportStart = System.nanoTime();
                BulkExporter.Result result = exporter.export(new BulkExporter.Request(UUID.randomUUID(), BulkExporter.TYPES, null,
                        java.time.Instant.now()), dir.resolve("export"), (done, total, resources) -> true);
                exportSeconds = seconds(exportStart);
                exported = result.resources();
                System.out.printf("run %d: exported %,d resources in %.1f s (%,.0f resources/s)%n", number, exported, exportSeconds,
                        exported / exportSeconds);
            }
            return new Run(loaded, loadSeconds, cold, warm, exportSeconds, exported, counts, measured);
        });
    }

    /**
     * Loads the NDJSON files through {@code tandem import}'s {@link FhirImport} (streaming, patients first, chunks of
     * resources per transaction, access policy and audit); a rejected resource fails the benchmark.
     */
    private long load(List<Path> files, long started, long expected) {
        long[] lastPrint = { 0 };
        ImportSummary summary = importer.run(files, files.get(0).getParent().resolve("rejected.ndjson"), snapshot -> {
            long now = System.nanoTime();
            if (now - lastPrint[0] > 2_000_000_000L) {
                lastPrint[0] = now;
                System.out.printf("\r  loading: %,d of %,d resources, %,.0f resources/s   ", snapshot.resources(), expected,
                        snapshot.resources() / ((now - started) / 1e9));
            }
        });
        if (summary.rejectedTotal() > 0) {
            throw new IllegalStateException(summary.rejectedTotal() + " resources rejected by the import: " + summary.rejected()
                    + ", see " + summary.report());
        }
        return summary.accepted();
    }

    private void summarize(List<Run> results) {
        System.out.println();
        System.out.printf("Summary over %d run(s), %,d patients each: median [min .. max]%n", results.size(), patients);
        row("load, resources/s", results.stream().map(r -> r.resources() / r.loadSeconds()).toList(), "%,.0f");
        row("load, s", results.stream().map(Run::loadSeconds).toList(), "%.1f");
        if (results.stream().allMatch(Run::measured)) {
            row("both measures cold, s", results.stream().map(Run::coldSeconds).toList(), "%.3f");
            row("both measures cold, patients/s", results.stream().map(r -> patients / r.coldSeconds()).toList(), "%,.0f");
            List<Double> allWarm = results.stream().flatMap(r -> r.warmMillis().stream()).toList();
            row("dashboard refresh (warm), ms", allWarm, "%.1f");
            row("warm, patients/s", allWarm.stream().map(ms -> patients / (ms / 1000)).toList(), "%,.0f");
        } else {
            System.out.println("  measures: not evaluated (the Measures facade of this build is a skeleton)");
        }
        if (export) {
            row("export, resources/s", results.stream().map(r -> r.exported() / r.exportSeconds()).toList(), "%,.0f");
        }
    }

    private static void row(String label, List<Double> values, String format) {
        List<Double> sorted = values.stream().sorted().toList();
        System.out.printf("  %-34s " + format + "  [" + format + " .. " + format + "]%n", label, median(sorted), sorted.get(0),
                sorted.get(sorted.size() - 1));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private void printMachine() {
        Runtime runtime = Runtime.getRuntime();
        String database;
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            database = meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " (" + meta.getURL() + ")";
        } catch (SQLException e) {
            database = "unknown (" + e.getMessage() + ")";
        }
        System.out.printf("Machine: %d cores, %s %s, max heap %,d MB, %s %s, load average %.2f%n", runtime.availableProcessors(),
                System.getProperty("java.vm.name"), System.getProperty("java.version"), runtime.maxMemory() / (1024 * 1024),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("Database: " + database);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
