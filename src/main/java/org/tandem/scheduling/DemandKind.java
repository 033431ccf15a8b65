package org.tandem.scheduling;

/** What the demand profile counts by weekday and hour. */
public enum DemandKind {
    /** Primary care visits (encounters) starting in the hour. */
    PRIMARY_CARE_VISITS,
    /** Positive screening results completed in the hour. */
    POSITIVE_SCREENS,
    /** Warm handoff requests made in the hour. */
    HANDOFF_REQUESTS
}
