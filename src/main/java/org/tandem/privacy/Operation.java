package org.tandem.privacy;

/** What an actor wants to do with patient data. */
public enum Operation {
    READ, SEARCH, CREATE, UPDATE, EXPORT;

    AuditAction auditAction() {
        return switch (this) {
            case READ -> AuditAction.READ;
            case SEARCH -> AuditAction.SEARCH;
            case CREATE -> AuditAction.CREATE;
            case UPDATE -> AuditAction.UPDATE;
            case EXPORT -> AuditAction.EXPORT;
        };
    }
}
