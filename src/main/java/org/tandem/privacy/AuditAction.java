package org.tandem.privacy;

/** What was done. */
public enum AuditAction {
    SIGN_IN, SIGN_OUT, CREATE, READ, UPDATE, DELETE, SEARCH, EXPORT
}
