package org.tandem.fhir;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** {@code tandem import DIR|FILE ... [--practice <id or name>] [--report FILE]}; see {@link ImportConsole}. */
@Component
@ConditionalOnProperty(name = "tandem.command", havingValue = "import")
class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

    private final ImportConsole console;
    private final String practice;
    private final String report;
    private int exitCode = 2;

    ImportCommand(ImportConsole console, @Value("${tandem.import.practice:}") String practice,
            @Value("${tandem.import.report:}") String report) {
        this.console = console;
        this.practice = practice;
        this.report = report;
    }

    @Override
    public void run(ApplicationArguments args) {
        exitCode = console.run(args.getNonOptionArgs(), practice, report, System.out, System.err).exit();
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
