package org.tandem.screening;

/**
 * The cut-offs a practice may choose. Defaults follow {@code ../shared/clinical/facts.md}.
 *
 * @param auditCMen AUDIT-C positive at this total or more for men (default 4)
 * @param auditCWomen AUDIT-C positive at this total or more for women (default 3); also used when sex is not
 *        recorded as male, the more sensitive choice
 * @param pcPtsd5 PC-PTSD-5 cut-off, 3 (Prins 2016) or 4 (Bovin 2021)
 * @param epds EPDS cut-off, 13 (probable depression) or 10 (more sensitive, HEDIS)
 */
public record ScoringSettings(int auditCMen, int auditCWomen, int pcPtsd5, int epds) {

    public static final ScoringSettings DEFAULTS = new ScoringSettings(4, 3, 3, 13);

    /** Problems with these settings, in words a practice admin understands; empty when valid. */
    public java.util.List<String> problems() {
        java.util.List<String> problems = new java.util.ArrayList<>();
        if (auditCMen < 1 || auditCMen > 12 || auditCWomen < 1 || auditCWomen > 12) {
            problems.add("AUDIT-C cut-offs must be between 1 and 12");
        }
        if (pcPtsd5 != 3 && pcPtsd5 != 4) {
            problems.add("The PC-PTSD-5 cut-off must be 3 or 4");
        }
        if (epds != 10 && epds != 13) {
            problems.add("The EPDS cut-off must be 10 or 13");
        }
        return problems;
    }
}
