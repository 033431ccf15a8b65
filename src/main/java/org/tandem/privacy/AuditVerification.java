package org.tandem.privacy;

import java.util.List;
import java.util.Optional;
import org.tandem.platform.PracticeId;

/**
 * The result of checking audit chains.
 *
 * @param chains how many chains were checked
 * @param events how many events were checked
 * @param firstBreak the first broken link, if any
 */
public record AuditVerification(int chains, long events, Optional<Break> firstBreak) {

    /** A broken link: the chain, the sequence number where it breaks and why. */
    public record Break(PracticeId practice, long seq, String reason) {
    }

    public boolean intact() {
        return firstBreak.isEmpty();
    }

    static AuditVerification of(List<AuditVerification> parts) {
        long events = parts.stream().mapToLong(AuditVerification::events).sum();
        Optional<Break> first = parts.stream().map(AuditVerification::firstBreak).flatMap(Optional::stream).findFirst();
        return new AuditVerification(parts.size(), events, first);
    }
}
