package org.tandem.registry;

import java.time.Instant;
import java.util.UUID;

/** The care manager's request to discuss a patient at the psychiatric case review. */
public record ReviewRequest(UUID id, UUID episode, String reason, Status status, Instant requestedAt, String requestedBy,
        Instant closedAt) {

    /** Open until the consultant discusses the patient, or the requester withdraws it. */
    public enum Status {
        OPEN, DISCUSSED, WITHDRAWN;

        public String code() {
            return Codes.of(this);
        }

        public static Status of(String code) {
            return Codes.parse(Status.class, code, "Request status");
        }
    }

    public boolean open() {
        return status == Status.OPEN;
    }
}
