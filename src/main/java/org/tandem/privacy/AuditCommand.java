package org.tandem.privacy;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** {@code tandem audit verify}: prints "intact" or the first broken link, and exits 0 or 1. */
@Component
@ConditionalOnProperty(name = "tandem.command", havingValue = "audit-verify")
class AuditCommand implements ApplicationRunner, ExitCodeGenerator {

    private final AuditVerifier verifier;
    private int exitCode = 1;

    AuditCommand(AuditVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void run(ApplicationArguments args) {
        AuditVerification result = verifier.verifyAll();
        if (result.intact()) {
            System.out.printf("intact: %d chains, %d events checked%n", result.chains(), result.events());
            exitCode = 0;
        } else {
            AuditVerification.Break broken = result.firstBreak().orElseThrow();
            System.out.printf("BROKEN: practice %s, event %d: %s%n", broken.practice(), broken.seq(), broken.reason());
            exitCode = 1;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
