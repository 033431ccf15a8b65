package org.tandem.fhir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.PracticeInfo;
import org.tandem.practice.Practices;

/**
 * {@code tandem export DIR [--practice <id or name>] [--type T,U] [--since <instant>]}: the bulk export of one
 * practice into a directory, as {@code $export} writes it (NDJSON per type, an error file for what was withheld),
 * with a progress line and a summary per type. Runs as a command-line process of the practice in the PCP role, which
 * the access policy lets read every category; the export is audited like {@code $export}.
 */
@Component
@ConditionalOnProperty(name = "tandem.command", havingValue = "export")
class ExportCommand implements ApplicationRunner, ExitCodeGenerator {

    private final BulkExporter exporter;
    private final Practices practices;
    private final CurrentActor actors;
    private final String target;
    private final String practice;
    private final String types;
    private final String since;
    private int exitCode = 1;

    ExportCommand(BulkExporter exporter, Practices practices, CurrentActor actors,
            @Value("${tandem.export.target:}") String target, @Value("${tandem.export.practice:}") String practice,
            @Value("${tandem.export.types:}") String types, @Value("${tandem.export.since:}") String since) {
        this.exporter = exporter;
        this.practices = practices;
        this.actors = actors;
        this.target = target;
        this.practice = practice;
        this.types = types;
        this.since = since;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (target.isBlank()) {
            System.err.println("Usage: tandem export DIR [--practice <id or name>] [--type Patient,Encounter] [--since 2025-01-01T00:00:00Z]");
            exitCode = 2;
            return;
        }
        PracticeId id = resolvePractice();
        if (id == null) {
            return;
        }
        List<String> wanted;
        Instant from;
        try {
            wanted = BulkExportProvider.types(types.isBlank() ? null : new String[] { types }, false);
            from = since.isBlank() ? null : new org.hl7.fhir.r4.model.InstantType(since.trim()).getValue().toInstant();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            exitCode = 2;
            return;
        }
        Path directory = Path.of(target).toAbsolutePath().normalize();
        if (Files.isDirectory(directory)) {
            try (var entries = Files.list(directory)) {
                if (entries.anyMatch(p -> p.getFileName().toString().endsWith(".ndjson"))) {
                    System.err.println(directory + " already holds NDJSON files; choose an empty directory");
                    exitCode = 2;
                    return;
                }
            }
        }
        Actor actor = Actor.system("export", id, EnumSet.of(Role.PCP), Channel.CLI);
        BulkExporter.Request request = new BulkExporter.Request(UUID.randomUUID(), wanted, from, Instant.now());
        long started = System.nanoTime();
        long[] lastPrint = { 0 };
        BulkExporter.Result result = actors.runAs(actor, () -> {
            exporter.recordStart(request, "command line into " + directory + ", types " + wanted + (from == null ? "" : ", since " + from));
            return exporter.export(request, directory, (done, total, resources) -> {
                long now = System.nanoTime();
                if (now - lastPrint[0] > 1_000_000_000L || done == total) {
                    lastPrint[0] = now;
                    double seconds = Math.max((now - started) / 1e9, 1e-9);
                    System.err.printf("\rexported %,d of %,d patients, %,d resources, %,.0f resources/s   ", done, total, resources,
                            resources / seconds);
                }
                return true;
            });
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.println();
        System.out.printf("Export of %s into %s, transaction time %s%n", id, directory, request.until());
        System.out.printf("%-24s %12s%n", "type", "resources");
        result.counts().forEach((type, count) -> System.out.printf("%-24s %,12d%n", type, count));
        for (BulkExporter.Withheld left : result.withheld()) {
            System.out.printf("%-24s %,12d withheld: %s%n", left.resourceType(), left.count(), left.reason());
        }
        System.out.printf("%-24s %,12d (%,d patients, %.1f s, %,.0f resources/s)%n", "total", result.resources(), result.patients(),
                seconds, result.resources() / Math.max(seconds, 1e-9));
        for (BulkExporter.OutputFile file : result.files()) {
            System.out.printf("  %s  %,d lines, %,d bytes%n", file.name(), file.lines(), file.bytes());
        }
        exitCode = 0;
    }

    private PracticeId resolvePractice() {
        if (practice.isBlank()) {
            List<PracticeId> all = practices.allIds();
            if (all.size() == 1) {
                return all.get(0);
            }
            System.err.println("Name the practice to export with --practice <id or name> (" + all.size() + " practices)");
            exitCode = 2;
            return null;
        }
        try {
            PracticeId id = PracticeId.of(practice.trim());
            if (practices.find(id).isPresent()) {
                return id;
            }
        } catch (IllegalArgumentException notAnId) {
            // a name
        }
        PracticeId byName = practices.findByName(practice.trim()).map(PracticeInfo::id).orElse(null);
        if (byName == null) {
            System.err.println("No practice " + practice);
            exitCode = 2;
        }
        return byName;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
