package org.tandem.registry;

import java.util.List;
import java.util.Optional;

/**
 * What the psychiatric consultant reads before discussing a patient, on one screen.
 *
 * @param row the episode's caseload row: weeks in treatment, PHQ-9 and GAD-7 baseline and latest with response and
 *        remission, the measurements (trajectory), contacts, flags
 * @param weeksInTreatment whole weeks since enrolment (or referral while not enrolled)
 * @param reasons why the patient is on this week's review list (empty when not on it)
 * @param treatment the episode's treatment changes, oldest first (the last ones are the current treatment)
 * @param reviews earlier case reviews with their recommendations and what became of them, newest first
 * @param contacts contacts with the patient (phone, in person, video, message), newest first
 * @param openRequests the care team's open requests to discuss the patient, oldest first
 */
public record ReviewPrep(Episode episode, CaseloadRow row, long weeksInTreatment, List<ReviewReason> reasons,
        List<TreatmentChange> treatment, List<CaseReview> reviews, List<TimeEntry> contacts, List<ReviewRequest> openRequests) {

    public ReviewPrep {
        reasons = List.copyOf(reasons);
        treatment = List.copyOf(treatment);
        reviews = List.copyOf(reviews);
        contacts = List.copyOf(contacts);
        openRequests = List.copyOf(openRequests);
    }

    /** The latest review, if any. */
    public Optional<CaseReview> lastReview() {
        return reviews.stream().findFirst();
    }

    /** PHQ-9, GAD-7 and other plan measurements from 30 days before enrolment, oldest first. */
    public List<TreatToTarget.Measurement> measurements() {
        return row.measurements();
    }
}
