package org.tandem.registry;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the psychiatric consultant reads before discussing a patient, on one screen.
 *
 * @param weeksInTreatment whole weeks since enrolment (or referral while not enrolled)
 * @param reasons why the patient is on this week's review list (empty when not on it)
 * @param measurements PHQ-9 and GAD-7 totals from {@value CaseReviews#BASELINE_DAYS} days before the episode began, oldest first
 * @param trajectories per measure: the first and latest total in that window
 * @param treatment the episode's treatment changes, oldest first
 * @param reviews earlier case reviews with their recommendations and what became of them, newest first
 * @param contacts contacts with the patient (phone, in person, video, message), newest first
 * @param openRequests the care manager's open requests to discuss the patient, oldest first
 */
public record ReviewPrep(Episode episode, long weeksInTreatment, List<ReviewReason> reasons, List<Measurement> measurements,
        List<Trajectory> trajectories, List<TreatmentChange> treatment, List<CaseReview> reviews, List<TimeEntry> contacts,
        List<ReviewRequest> openRequests) {

    public ReviewPrep {
        reasons = List.copyOf(reasons);
        measurements = List.copyOf(measurements);
        trajectories = List.copyOf(trajectories);
        treatment = List.copyOf(treatment);
        reviews = List.copyOf(reviews);
        contacts = List.copyOf(contacts);
        openRequests = List.copyOf(openRequests);
    }

    /** One measurement: a completed PHQ-9 or GAD-7 with its total. */
    public record Measurement(Instant at, LocalDate on, String instrument, int total, String band) {
    }

    /** A measure's first and latest total in the episode. */
    public record Trajectory(String instrument, Measurement first, Measurement latest, int count) {

        /** Latest minus first (negative is better). */
        public int change() {
            return latest.total() - first.total();
        }

        /** The change as a percent of the first total, or null when the first was 0. */
        public Integer percentChange() {
            return first.total() == 0 ? null : Math.round(100f * change() / first.total());
        }
    }

    /** The latest review, if any. */
    public Optional<CaseReview> lastReview() {
        return reviews.stream().findFirst();
    }

    /** The day of the latest contact with the patient, or null. */
    public LocalDate lastContactOn(java.time.ZoneId zone) {
        return contacts.isEmpty() ? null : LocalDate.ofInstant(contacts.get(0).startedAt(), zone);
    }
}
