package org.tandem.fhir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.practice.PracticeInfo;
import org.tandem.practice.Practices;

/**
 * The console side of {@code tandem import DIR|FILE ... [--practice <id or name>] [--report FILE]}: finds the
 * practice, runs {@link FhirImport} as a system actor of that practice (role PCP: it may write demographics,
 * visits and clinical data, and every write is audited under its name), draws a progress bar that updates in place,
 * and prints the summary table.
 *
 * <p>Exit codes: 0 everything loaded, 1 some resources rejected (the good ones loaded; see the report file),
 * 2 nothing to do or bad arguments (unknown practice, no such file, no FHIR files).
 */
@Component
class ImportConsole {

    static final String ACTOR = "import";

    private final FhirImport importer;
    private final Practices practices;
    private final CurrentActor actors;

    ImportConsole(FhirImport importer, Practices practices, CurrentActor actors) {
        this.importer = importer;
        this.practices = practices;
        this.actors = actors;
    }

    /** What a run ended with: the exit code and, when the import ran, its summary. */
    record Result(int exit, ImportSummary summary) {
    }

    Result run(List<String> inputs, String practice, String report, PrintStream out, PrintStream err) {
        if (inputs.isEmpty()) {
            err.println("tandem import: name a directory or file of FHIR NDJSON (.ndjson) or Bundles (.json)");
            return new Result(2, null);
        }
        Optional<PracticeInfo> target = practice(practice, err);
        if (target.isEmpty()) {
            return new Result(2, null);
        }
        List<Path> files = new ArrayList<>();
        for (String input : inputs) {
            try {
                files.addAll(FhirImport.inputFiles(Path.of(input)));
            } catch (IllegalArgumentException e) {
                err.println("tandem import: " + e.getMessage());
                return new Result(2, null);
            }
        }
        if (files.isEmpty()) {
            err.println("tandem import: no FHIR files (.ndjson or .json) in " + String.join(", ", inputs));
            return new Result(2, null);
        }
        Path reportFile = report == null || report.isBlank()
                ? Path.of("tandem-import-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-rejected.ndjson")
                : Path.of(report);
        out.printf("Importing %d files into %s (%s)%n", files.size(), target.get().name(), target.get().id());
        ProgressBar bar = new ProgressBar(out);
        Actor actor = Actor.system(ACTOR, target.get().id(), EnumSet.of(Role.PCP), Channel.CLI);
        ImportSummary summary = actors.runAs(actor, () -> importer.run(files, reportFile, bar));
        bar.finish();
        out.println(summary.table());
        return new Result(summary.rejectedTotal() == 0 ? 0 : 1, summary);
    }

    /** The practice named by id or by exact name; when none is named, the only practice there is. */
    private Optional<PracticeInfo> practice(String practice, PrintStream err) {
        if (practice == null || practice.isBlank()) {
            List<PracticeId> all = practices.allIds();
            if (all.size() == 1) {
                return practices.find(all.get(0));
            }
            err.println("tandem import: name the practice to import into with --practice <id or name> (" + all.size()
                    + " practices in this database)");
            return Optional.empty();
        }
        Optional<PracticeInfo> found = Optional.empty();
        if (FhirMapping.parseUuid(practice.trim()) != null) {
            found = practices.find(PracticeId.of(practice.trim()));
        }
        if (found.isEmpty()) {
            found = practices.findByName(practice.trim());
        }
        if (found.isEmpty()) {
            err.println("tandem import: no practice with id or name '" + practice + "'");
        }
        return found;
    }

    /** {@code [#########...........]  45%  12,345 resources  2,345/s  files 3/10  rejected 7}, redrawn in place. */
    static final class ProgressBar implements FhirImport.Progress {

        private static final int WIDTH = 30;
        private final PrintStream out;
        private long lastDraw;
        private String line = "";

        ProgressBar(PrintStream out) {
            this.out = out;
        }

        @Override
        public void update(FhirImport.Snapshot s) {
            long now = System.nanoTime();
            if (now - lastDraw < 200_000_000L && s.fraction() < 1) {
                return;
            }
            int filled = (int) Math.round(s.fraction() * WIDTH);
            String text = String.format(Locale.ROOT, "[%s%s] %3d%%  %,d resources  %,.0f/s  files %d/%d  rejected %,d",
                    "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(s.fraction() * 100), s.resources(), s.perSecond(),
                    s.filesDone(), s.files(), s.rejected());
            if (text.equals(line)) {
                return;
            }
            lastDraw = now;
            out.print("\r" + text + " ".repeat(Math.max(0, line.length() - text.length())));
            out.flush();
            line = text;
        }

        void finish() {
            if (!line.isEmpty()) {
                out.println();
            }
        }
    }
}
