package org.tandem.registry;

import java.time.Instant;
import java.util.UUID;

/**
 * Time to log.
 *
 * @param startedAt when it started (null: now minus the minutes)
 * @param role null: from the current user's role
 * @param response a measurement taken during the contact, if any
 */
public record TimeLogEntry(UUID episode, Instant startedAt, int minutes, ContactMode mode, Activity activity,
        ClinicianRole role, String note, UUID response) {
}
