package org.tandem.practice;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.tandem.platform.Role;

/** A staff account as the practice sees it. */
public record StaffMember(UUID id, String email, String displayName, Set<Role> roles, boolean enabled,
        Instant lockedUntil) {

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
