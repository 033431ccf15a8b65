package org.tandem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.tandem.scheduling.SimulationBench;

/**
 * Tandem's entry point and command line.
 *
 * <pre>
 * tandem [serve] [--option=value ...]   start the server (default)
 * tandem demo [--option=value ...]      load the demo practice into an empty database, then serve
 * tandem audit verify [--option=...]    check every audit chain; exit 0 when intact, 1 at the first broken link
 * tandem export DIR [--practice P] [--type T,U] [--since INSTANT]  FHIR Bulk Data NDJSON of one practice into DIR
 * tandem bench measures --patients N   time loading, CMS2 + CMS159 evaluation (cold, warm) and export of N patients
 * tandem bench simulate [--option=...]  time a year x 100 replications of the template simulation (no database)
 * tandem import DIR|FILE [--practice P] [--report FILE]  load FHIR NDJSON files and Bundles into a practice
 * </pre>
 */
@SpringBootApplication
public class TandemApplication {

    public static void main(String[] args) {
        if (args.length > 0 && "import".equals(args[0])) {
            System.exit(runImport(Arrays.asList(args).subList(1, args.length)));
        }
        if (args.length > 0 && "export".equals(args[0])) {
            System.exit(runCommand(exportOptions(args), "--tandem.command=export"));
        }
        if (args.length > 1 && "bench".equals(args[0]) && "measures".equals(args[1])) {
            System.exit(runCommand(benchOptions(args), "--tandem.command=bench-measures"));
        }
        List<String> words = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String arg : args) {
            (arg.startsWith("--") ? options : words).add(arg);
        }
        String command = String.join(" ", words);
        switch (command) {
            case "", "serve" -> SpringApplication.run(TandemApplication.class, options.toArray(String[]::new));
            case "demo" -> {
                options.add("--tandem.demo.load=true");
                SpringApplication.run(TandemApplication.class, options.toArray(String[]::new));
            }
            case "audit verify" -> System.exit(runCommand(options, "--tandem.command=audit-verify"));
            case "bench simulate" -> System.exit(SimulationBench.run(options));
            case "help", "--help" -> usage(0);
            default -> {
                System.err.println("Unknown command: " + command);
                usage(2);
            }
        }
    }

    /**
     * {@code export DIR [--practice P] [--type T] [--since S]} (also {@code --practice=P}) as Spring properties; other
     * {@code --option=value} arguments pass through.
     */
    public static List<String> exportOptions(String[] args) {
        List<String> options = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : null;
            String property = name == null ? null : switch (name) {
                case "practice" -> "tandem.export.practice";
                case "type", "types", "_type" -> "tandem.export.types";
                case "since", "_since" -> "tandem.export.since";
                default -> null;
            };
            if (name == null) {
                options.add("--tandem.export.target=" + arg);
            } else if (property == null) {
                options.add(arg);
            } else if (arg.contains("=")) {
                options.add("--" + property + "=" + arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                options.add("--" + property + "=" + args[++i]);
            }
        }
        return options;
    }

    /**
     * {@code bench measures --patients N [--runs R] [--refreshes K] [--max-shift-days D] [--seed S] [--jdbc-url URL
     * --db-user U --db-password P]} as Spring properties. Without a JDBC URL the benchmark gets a fresh H2 database in
     * a temporary directory (never the working database).
     */
    public static List<String> benchOptions(String[] args) {
        List<String> options = new ArrayList<>();
        boolean database = false;
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                continue;
            }
            String name = arg.substring(2).split("=", 2)[0];
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : "");
            switch (name) {
                case "patients", "runs", "refreshes", "max-shift-days", "seed", "export", "work-dir" ->
                        options.add("--tandem.bench." + name + "=" + value);
                case "jdbc-url" -> {
                    options.add("--spring.datasource.url=" + value);
                    database = true;
                }
                case "db-user" -> options.add("--spring.datasource.username=" + value);
                case "db-password" -> options.add("--spring.datasource.password=" + value);
                default -> {
                    options.add("--" + name + "=" + value);
                    database |= name.equals("spring.datasource.url") || name.equals("tandem.data-dir");
                }
            }
        }
        if (!database) {
            try {
                options.add("--tandem.data-dir=" + java.nio.file.Files.createTempDirectory("tandem-bench-h2"));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return options;
    }

    private static int runCommand(List<String> options, String command) {
        SpringApplication app = new SpringApplication(TandemApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        List<String> all = new ArrayList<>(options);
        all.add(command);
        all.add("--logging.level.root=warn");
        try (ConfigurableApplicationContext context = app.run(all.toArray(String[]::new))) {
            return SpringApplication.exit(context);
        }
    }

    /**
     * {@code tandem import DIR|FILE ... [--practice <id or name>] [--report FILE] [--option=value ...]}: the paths go
     * to the command as plain arguments, {@code --practice} and {@code --report} (with a space or '=') as properties.
     */
    static int runImport(List<String> args) {
        List<String> options = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (name.equals("--practice") || name.equals("--report")) {
                String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.size() ? args.get(++i) : "");
                options.add("--tandem.import." + name.substring(2) + "=" + value);
            } else if (arg.startsWith("--")) {
                options.add(arg);
            } else {
                paths.add(arg);
            }
        }
        options.addAll(paths);
        return runCommand(options, "--tandem.command=import");
    }

    private static void usage(int status) {
        System.out.println(String.join(System.lineSeparator(), Arrays.asList(
                "Usage: tandem [command] [--option=value ...]",
                "  serve          start Tandem (default)",
                "  demo           load the demo practice into an empty database, then start Tandem",
                "  audit verify   check the audit trail's hash chains; prints 'intact' or the first broken link",
                "  export DIR     write one practice as FHIR NDJSON (Bulk Data format) into DIR, with a summary per type",
                "                 --practice <id or name> (needed when there are several) --type Patient,Condition --since 2025-01-01T00:00:00Z",
                "  bench measures build N synthetic patients from the official CMS2/CMS159 test cases, load them, time both",
                "                 measures cold and warm (dashboard refresh) and the export: --patients 10000 --runs 3 --refreshes 10",
                "                 --max-shift-days 3 --seed 1 [--jdbc-url jdbc:postgresql://... --db-user U --db-password P]",
                "  import DIR|FILE [--practice <id or name>] [--report FILE]",
                "                 load FHIR NDJSON (.ndjson) and Bundles (.json, e.g. Synthea output) into a practice;",
                "                 rejected resources go to the report file; exit 0 all loaded, 1 some rejected, 2 bad arguments",
                "  bench simulate time the template simulation (a year x 100 replications, 3 BHCs, 12 PCPs; no database)",
                "                 --replications=100 --seed=1 --bhcs=3 --pcps=12 --runs=5 --weeks=52 --visits=18 --handoff-share=0.06",
                "Options: --server.port=8080 --tandem.data-dir=./data",
                "         --spring.datasource.url=jdbc:postgresql://host:5432/db --spring.datasource.username=... --spring.datasource.password=...")));
        System.exit(status);
    }
}
