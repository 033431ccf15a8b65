package org.tandem.registry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.tandem.patient.PatientId;

/**
 * A single-use link for measurement at home, as the care team sees it. The link's token is never kept: only its
 * SHA-256 hash is stored, so a link cannot be shown or sent again.
 *
 * @param instruments the instruments the patient is asked to answer (the plan's when the link was made)
 * @param status where the link is now; a sent link past its expiry is {@link Status#EXPIRED}
 * @param failure why the link could not be sent, for {@link Status#FAILED}
 * @param createdBy who made it: a staff member's e-mail, or the scheduler
 */
public record HomeLink(UUID id, UUID episode, PatientId patient, List<String> instruments, LinkChannel channel, Status status,
        Instant createdAt, Instant expiresAt, Instant usedAt, String failure, String createdBy) {

    public HomeLink {
        instruments = List.copyOf(instruments);
    }

    /** Sent and waiting for the patient; failed to send; answered; past its expiry; replaced by a newer link. */
    public enum Status {
        SENT, FAILED, USED, EXPIRED, REVOKED;

        public String code() {
            return Codes.of(this);
        }

        public static Status of(String code) {
            return Codes.parse(Status.class, code, "Link status");
        }
    }
}
