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
