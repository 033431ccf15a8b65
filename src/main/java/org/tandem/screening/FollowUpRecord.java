package org.tandem.screening;

import java.time.LocalDate;
import java.util.UUID;

/** A documented follow-up of a positive screen. */
public record FollowUpRecord(UUID id, UUID response, FollowUp kind, String note, LocalDate documentedOn, String documentedBy) {
}
