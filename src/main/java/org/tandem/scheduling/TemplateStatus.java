package org.tandem.scheduling;

/** A template is drafted, then active (one per practice at a time, it generates the slots), then retired. */
public enum TemplateStatus {
    DRAFT, ACTIVE, RETIRED
}
