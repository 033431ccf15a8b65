package org.tandem.privacy;

/** How it ended: done, refused by the access policy, or failed (wrong password, invalid input). */
public enum AuditOutcome {
    SUCCESS, DENIED, FAILURE
}
