package org.tandem.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tandem.platform.PracticeId;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;

/**
 * Recomputes every audit chain and reports the first broken link: a row whose stored hash does not match its
 * fields, whose previous-hash does not match the row before it, a gap in the sequence, or a chain head that does not
 * match the last row (rows removed from the end).
 */
@Component
public class AuditVerifier {

    private static final int PAGE = 5_000;

    private final TenantJdbc jdbc;
    private final Practices practices;

    AuditVerifier(TenantJdbc jdbc, Practices practices) {
        this.jdbc = jdbc;
        this.practices = practices;
    }

    /** Checks the chains of every practice and the platform chain. */
    @Transactional(readOnly = true)
    public AuditVerification verifyAll() {
        List<AuditVerification> parts = new ArrayList<>();
        parts.add(verify(PracticeId.PLATFORM));
        for (PracticeId practice : practices.allIds()) {
            parts.add(verify(practice));
        }
        return AuditVerification.of(parts);
    }

    /** Checks one practice's chain. */
    @Transactional(readOnly = true)
    public AuditVerification verify(PracticeId practice) {
        TenantJdbc.Scoped sql = jdbc.forPractice(practice);
        AtomicLong expectedSeq = new AtomicLong(1);
        AtomicReference<String> previous = new AtomicReference<>(AuditTrail.GENESIS);
        AtomicReference<AuditVerification.Break> broken = new AtomicReference<>();
        long checked = 0;
        long after = 0;
        while (broken.get() == null) {
            List<AuditTrail.Row> rows = sql.query("SELECT * FROM audit_event WHERE practice_id = :practiceId AND seq > :after "
                    + "ORDER BY seq LIMIT " + PAGE, Map.of("after", after), (rs, n) -> AuditTrail.Row.from(rs));
            for (AuditTrail.Row row : rows) {
                String reason = null;
                if (row.seq() != expectedSeq.get()) {
                    reason = "sequence jumps from " + (expectedSeq.get() - 1) + " to " + row.seq() + " (rows removed)";
                } else if (!row.prevHash().equals(previous.get())) {
                    reason = "previous-hash does not match the hash of the row before it";
                } else if (!AuditTrail.hash(row).equals(row.hash())) {
                    reason = "row content does not match its hash (row altered)";
                }
                if (reason != null) {
                    broken.set(new AuditVerification.Break(practice, row.seq(), reason));
                    break;
                }
                checked++;
                expectedSeq.incrementAndGet();
                previous.set(row.hash());
            }
            if (rows.size() < PAGE) {
                break;
            }
            after = rows.get(rows.size() - 1).seq();
        }
        if (broken.get() == null) {
            Optional<AuditTrail.Head> head = sql.queryOne("SELECT last_seq, last_hash FROM audit_chain_head WHERE practice_id = :practiceId",
                    Map.of(), (rs, n) -> new AuditTrail.Head(rs.getLong(1), rs.getString(2)));
            long lastSeq = expectedSeq.get() - 1;
            if (head.isPresent() && (head.get().seq() != lastSeq || !head.get().hash().equals(previous.get()))) {
                broken.set(new AuditVerification.Break(practice, lastSeq + 1,
                        "chain head records event " + head.get().seq() + " but the trail ends at " + lastSeq + " (rows removed)"));
            } else if (head.isEmpty() && lastSeq > 0) {
                broken.set(new AuditVerification.Break(practice, 1, "events exist without a chain head"));
            }
        }
        return new AuditVerification(1, checked, Optional.ofNullable(broken.get()));
    }
}
