package org.tandem.patient;

/**
 * What a create-or-update did: created a new record, changed a stored one, or found the stored record already equal
 * to what was sent (nothing written, nothing audited: no data changed and none was disclosed). Lets imports be re-run.
 */
public enum WriteOutcome {
    CREATED, UPDATED, UNCHANGED
}
