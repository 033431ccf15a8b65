package org.tandem.handoff;

/** Where a clinician's current presence comes from. */
public enum PresenceSource {
    /** Set by the clinician (holds until their next scheduled block starts). */
    MANUAL,
    /** Derived from the block they are scheduled for now. */
    SCHEDULE,
    /** Neither: no manual state and nothing scheduled (off). */
    NONE
}
