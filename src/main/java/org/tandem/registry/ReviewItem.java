package org.tandem.registry;

import java.time.LocalDate;
import java.util.List;

/**
 * One patient on the weekly review list.
 *
 * @param row the episode's caseload row today: name, PHQ-9 and GAD-7 progress, contacts, flags
 * @param reasons why the patient is on the list, most urgent first (never empty)
 * @param requests the care manager's requests to discuss the patient that belong to the week
 * @param weeksInTreatment whole weeks from enrolment (or referral) to the end of the week or today, whichever is earlier
 * @param lastReviewedOn the day of the latest psychiatric case review of the episode, or null
 * @param reviewedThisWeek whether the consultant has reviewed the patient in the week
 */
public record ReviewItem(Episode episode, CaseloadRow row, List<ReviewReason> reasons, List<ReviewRequest> requests, long weeksInTreatment,
        LocalDate lastReviewedOn, boolean reviewedThisWeek) {

    public ReviewItem {
        reasons = List.copyOf(reasons);
        requests = List.copyOf(requests);
    }

    /** The most urgent reason, which orders the list. */
    public ReviewReason.Kind priority() {
        return reasons.get(0).kind();
    }
}
