package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientNotFound;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.screening.Answer;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.PracticeFixture;

/** The psychiatric case review: requests, the weekly list, recording a review, and the PCP's answers, on the real database. */
@SpringBootTest
class CaseReviewsIntegrationTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Episodes episodes;
    @Autowired
    CaseReviews reviews;
    @Autowired
    TimeLog timeLog;
    @Autowired
    Screenings screenings;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;

    PracticeFixture practice;
    LocalDate today;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Case review practice");
        today = LocalDate.now(CHICAGO);
    }

    @Test
    void theWeeklyListPutsSafetyFirstThenRequestsNotImprovedWorseningNewEnrolmentsAndOtherFlags() {
        Episode other = enrol("Other", today.minusWeeks(10), EpisodeStatus.ACTIVE);
        Episode newPatient = enrol("New", today.minusWeeks(1), EpisodeStatus.ENROLLED);
        Episode worse = enrol("Worse", today.minusWeeks(5), EpisodeStatus.ACTIVE);
        phq9(worse, today.minusWeeks(5), 1, 1, 1, 1, 1, 1, 1, 1, 0); // 8
        phq9(worse, null, 2, 2, 2, 2, 2, 2, 1, 1, 0); // 14
        Episode notImproved = enrol("NotImproved", today.minusWeeks(9), EpisodeStatus.ACTIVE);
        phq9(notImproved, today.minusWeeks(9), 2, 2, 2, 2, 2, 2, 2, 2, 0); // 16
        phq9(notImproved, null, 2, 2, 2, 2, 2, 2, 2, 1, 0); // 15
        Episode asked = enrol("Asked", today.minusWeeks(6), EpisodeStatus.ACTIVE);
        Episode safety = enrol("Safety", today.minusWeeks(6), EpisodeStatus.ACTIVE);
        phq9(safety, null, 1, 1, 1, 1, 1, 1, 1, 1, 1); // item 9 positive
        Episode settled = enrol("Settled", today.minusWeeks(10), EpisodeStatus.ACTIVE);
        phq9(settled, today.minusWeeks(10), 2, 2, 2, 2, 2, 2, 2, 2, 0);
        phq9(settled, null, 1, 1, 1, 1, 0, 0, 0, 0, 0);
        asCareManager(() -> timeLog.log(new TimeLogEntry(settled.id(), null, 15, ContactMode.PHONE, Activity.FOLLOW_UP, null, null, null)));
        Episode discharged = enrol("Discharged", today.minusWeeks(3), EpisodeStatus.ACTIVE);
        asCareManager(() -> reviews.requestReview(asked.id(), "No response after 6 weeks of sertraline 100 mg"));
        asCareManager(() -> reviews.requestReview(discharged.id(), "Moved away"));
        asCareManager(() -> episodes.changeStatus(discharged.id(), EpisodeStatus.DISCHARGED, DischargeReason.MOVED, null, null, null));

        List<ReviewItem> list = asConsultant(() -> reviews.reviewList(today));

        assertThat(list).extracting(i -> i.episode().id())
                .containsExactly(safety.id(), asked.id(), notImproved.id(), worse.id(), newPatient.id(), other.id());
        assertThat(list).extracting(ReviewItem::priority).containsExactly(ReviewReason.Kind.SAFETY, ReviewReason.Kind.REQUESTED,
                ReviewReason.Kind.NOT_IMPROVED, ReviewReason.Kind.WORSENING, ReviewReason.Kind.NEW_ENROLMENT, ReviewReason.Kind.OTHER_FLAG);
        assertThat(list.get(1).reasons().get(0).detail()).isEqualTo("No response after 6 weeks of sertraline 100 mg");
        assertThat(list.get(1).weeksInTreatment()).isEqualTo(6);
        assertThat(list.get(2).reasons().get(0).flag().flag()).isEqualTo(Flag.NEEDS_PSYCHIATRIC_REVIEW);
        assertThat(list.get(4).reasons()).extracting(ReviewReason::kind).containsExactly(ReviewReason.Kind.NEW_ENROLMENT);
        assertThat(list.get(5).reasons()).extracting(r -> r.flag().flag())
                .containsExactly(Flag.NO_FOLLOW_UP, Flag.NO_RECENT_CONTACT, Flag.NO_RECENT_MEASUREMENT);
        assertThat(list).allSatisfy(i -> assertThat(i.row().episodeId()).isEqualTo(i.episode().id()));
        assertThat(list).noneMatch(ReviewItem::reviewedThisWeek);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND action = 'SEARCH' "
                + "AND resource_type = 'CaseReview'", Integer.class, practice.id().value())).isEqualTo(1);

        // discussed this week: the patients stay on this week's list, marked reviewed, and the review answers the
        // "not improved" flag; the next week the request and the new enrolment are gone
        asConsultant(() -> reviews.recordReview(asked.id(), "Discussed", List.of()));
        asConsultant(() -> reviews.recordReview(newPatient.id(), "New patient, plan is fine", List.of()));
        asConsultant(() -> reviews.recordReview(notImproved.id(), "Switch to venlafaxine", List.of()));
        List<ReviewItem> after = asConsultant(() -> reviews.reviewList(today));
        assertThat(after).extracting(i -> i.episode().id())
                .containsExactly(safety.id(), asked.id(), worse.id(), newPatient.id(), other.id(), notImproved.id());
        assertThat(after).extracting(ReviewItem::reviewedThisWeek).containsExactly(false, true, false, true, false, true);
        assertThat(after.get(1).lastReviewedOn()).isEqualTo(today);
        List<ReviewItem> next = asConsultant(() -> reviews.reviewList(today.plusWeeks(1)));
        assertThat(next).extracting(i -> i.episode().id()).doesNotContain(newPatient.id());
        assertThat(next).filteredOn(i -> i.episode().id().equals(asked.id())).singleElement()
                .satisfies(i -> assertThat(i.reasons()).extracting(ReviewReason::kind).doesNotContain(ReviewReason.Kind.REQUESTED));
        assertThat(list).extracting(i -> i.episode().id()).doesNotContain(settled.id(), discharged.id());
    }

    @Test
    void aWithdrawnRequestTakesThePatientOffTheList() {
        Episode episode = enrol("Withdrawn", today.minusWeeks(2), EpisodeStatus.ACTIVE);
        asCareManager(() -> timeLog.log(new TimeLogEntry(episode.id(), null, 15, ContactMode.PHONE, Activity.FOLLOW_UP, null, null, null)));
        ReviewRequest request = asCareManager(() -> reviews.requestReview(episode.id(), "Sleeping badly"));
        assertThat(asConsultant(() -> reviews.reviewList(today)).get(0).reasons()).extracting(ReviewReason::kind)
                .containsExactly(ReviewReason.Kind.REQUESTED, ReviewReason.Kind.NEW_ENROLMENT);

        asCareManager(() -> reviews.withdraw(request.id()));

        assertThat(asConsultant(() -> reviews.reviewList(today)).get(0).reasons()).extracting(ReviewReason::kind)
                .containsExactly(ReviewReason.Kind.NEW_ENROLMENT);
        assertThatThrownBy(() -> asCareManager(() -> reviews.withdraw(request.id())))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("already withdrawn");
    }

    @Test
    void aRequestNeedsAReasonAndComesFromTheCareTeam() {
        Episode episode = enrol("Reason", today.minusWeeks(3), EpisodeStatus.ACTIVE);

        assertThatThrownBy(() -> asCareManager(() -> reviews.requestReview(episode.id(), "  ")))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("Say what you would like the consultant to discuss");
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.FRONT_DESK), () -> reviews.requestReview(episode.id(), "Please")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.MEDICAL_ASSISTANT), () -> reviews.requestReview(episode.id(), "Please")))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("Only the care manager");
        assertThat(count("registry_review_request")).isZero();

        ReviewRequest request = actors.runAs(practice.user(Role.PCP), () -> reviews.requestReview(episode.id(), "Ask about lithium"));
        assertThat(request.requestedBy()).isEqualTo(practice.emails().get(Role.PCP));
        assertThat(request.open()).isTrue();
    }

    @Test
    void onlyAPsychiatricConsultantRecordsAReviewAndBadInputStoresNothing() {
        Episode episode = enrol("Consultant", today.minusWeeks(9), EpisodeStatus.ACTIVE);
        List<RecommendationInput> one = List.of(new RecommendationInput(RecommendationKind.MEDICATION, "Increase sertraline to 150 mg"));

        for (Role role : List.of(Role.CARE_MANAGER, Role.PCP, Role.BHC)) {
            assertThatThrownBy(() -> actors.runAs(practice.user(role), () -> reviews.recordReview(episode.id(), "x", one)))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("Only a psychiatric consultant");
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND outcome = 'DENIED' "
                + "AND resource_type = 'CaseReview'", Integer.class, practice.id().value())).isEqualTo(3);

        assertThatThrownBy(() -> asConsultant(() -> reviews.recordReview(episode.id(), null, List.of(
                new RecommendationInput(null, "Consider bupropion"), new RecommendationInput(RecommendationKind.THERAPY, " ")), 0)))
                .isInstanceOf(InvalidRegistryData.class)
                .satisfies(e -> assertThat(((InvalidRegistryData) e).problems()).containsExactly(
                        "Recommendation 1: choose what it is about (medication, therapy, referral, diagnosis question or other)",
                        "Recommendation 2: write the recommendation for the PCP",
                        "Minutes must be between 1 and 480"));
        assertThatThrownBy(() -> asConsultant(() -> reviews.recordReview(episode.id(), " ", List.of())))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("Write a summary of the review or at least one recommendation");
        assertThat(count("registry_case_review")).isZero();
        assertThat(count("registry_recommendation")).isZero();
        assertThat(count("registry_time_entry")).isZero();
    }

    @Test
    void aReviewSendsItsRecommendationsToThePcpClosesRequestsAndLogsTheTime() {
        Episode episode = enrol("Okafor", today.minusWeeks(10), EpisodeStatus.ACTIVE);
        asCareManager(() -> reviews.requestReview(episode.id(), "PHQ-9 still 16 at week 10"));

        CaseReview review = asConsultant(() -> reviews.recordReview(episode.id(), "Partial response; raise the dose", List.of(
                new RecommendationInput(RecommendationKind.MEDICATION, "Increase sertraline to 150 mg daily"),
                new RecommendationInput(RecommendationKind.DIAGNOSIS, "Screen for bipolar disorder (MDQ)")), 15));

        assertThat(review.consultant()).isEqualTo(practice.emails().get(Role.PSYCHIATRIC_CONSULTANT));
        assertThat(review.consultantId()).isEqualTo(practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT));
        assertThat(review.recommendations()).extracting(Recommendation::pcp).containsOnly(practice.accounts().get(Role.PCP));
        List<Recommendation> inbox = asPcp(() -> reviews.inbox(practice.accounts().get(Role.PCP)));
        assertThat(inbox).extracting(Recommendation::text)
                .containsExactly("Increase sertraline to 150 mg daily", "Screen for bipolar disorder (MDQ)");
        assertThat(inbox.get(0).reviewedOn()).isEqualTo(today);
        assertThat(asCareManager(() -> reviews.requests(episode.id()))).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(ReviewRequest.Status.DISCUSSED));
        TimeEntry time = asConsultant(() -> timeLog.of(episode.id())).get(0);
        assertThat(time.minutes()).isEqualTo(15);
        assertThat(time.activity()).isEqualTo(Activity.CASE_REVIEW);
        assertThat(time.mode()).isEqualTo(ContactMode.NONE);
        assertThat(time.role()).isEqualTo(ClinicianRole.PSYCHIATRIC_CONSULTANT);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND action = 'CREATE' "
                + "AND resource_type = 'Recommendation'", Integer.class, practice.id().value())).isEqualTo(2);
    }

    @Test
    void onlyTheAddressedPcpAnswersAndAnAnswerIsFinal() {
        Episode episode = enrol("Answer", today.minusWeeks(9), EpisodeStatus.ACTIVE);
        CaseReview review = asConsultant(() -> reviews.recordReview(episode.id(), null, List.of(
                new RecommendationInput(RecommendationKind.MEDICATION, "Start mirtazapine 15 mg at night"),
                new RecommendationInput(RecommendationKind.THERAPY, "Problem-solving therapy, 6 sessions"),
                new RecommendationInput(RecommendationKind.REFERRAL, "Refer to psychiatry for ECT evaluation"))));
        UUID medication = review.recommendations().get(0).id();
        UUID therapy = review.recommendations().get(1).id();
        UUID referral = review.recommendations().get(2).id();
        Actor otherPcp = secondPcp();

        for (Role role : List.of(Role.CARE_MANAGER, Role.PSYCHIATRIC_CONSULTANT, Role.BHC)) {
            assertThatThrownBy(() -> actors.runAs(practice.user(role), () -> reviews.respond(medication, RecommendationAnswer.ACCEPT, null)))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("Only a PCP");
        }
        assertThatThrownBy(() -> actors.runAs(otherPcp, () -> reviews.respond(medication, RecommendationAnswer.ACCEPT, null)))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("This recommendation is for Test PCP");
        assertThat(actors.runAs(otherPcp, () -> reviews.inbox(UUID.fromString(otherPcp.id())))).isEmpty();

        assertThatThrownBy(() -> asPcp(() -> reviews.respond(therapy, RecommendationAnswer.MODIFY, " ")))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("Write the recommendation as you will carry it out");
        assertThatThrownBy(() -> asPcp(() -> reviews.respond(referral, RecommendationAnswer.DECLINE, null)))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("Give the reason for declining");
        assertThat(asPcp(() -> reviews.inbox(practice.accounts().get(Role.PCP)))).hasSize(3);

        Recommendation accepted = asPcp(() -> reviews.respond(medication, RecommendationAnswer.ACCEPT, null));
        assertThat(accepted.status()).isEqualTo(RecommendationStatus.ACCEPTED);
        assertThat(accepted.respondedBy()).isEqualTo(practice.emails().get(Role.PCP));
        Recommendation modified = asPcp(() -> reviews.respond(therapy, RecommendationAnswer.MODIFY, "Behavioral activation with the BHC"));
        assertThat(modified.effectiveText()).isEqualTo("Behavioral activation with the BHC");
        asPcp(() -> reviews.respond(referral, RecommendationAnswer.DECLINE, "Patient declines ECT"));

        assertThatThrownBy(() -> asPcp(() -> reviews.respond(medication, RecommendationAnswer.DECLINE, "Changed my mind")))
                .isInstanceOf(RecommendationAlreadyAnswered.class)
                .hasMessageContaining("already accepted by " + practice.emails().get(Role.PCP) + " on " + today)
                .hasMessageContaining("cannot be changed");
        assertThat(asPcp(() -> reviews.inbox(practice.accounts().get(Role.PCP)))).isEmpty();

        List<Recommendation> registry = asCareManager(() -> reviews.recommendations(episode.id()));
        assertThat(registry).extracting(Recommendation::status).containsExactlyInAnyOrder(RecommendationStatus.ACCEPTED,
                RecommendationStatus.MODIFIED, RecommendationStatus.DECLINED);
        Recommendation declined = registry.stream().filter(r -> r.id().equals(referral)).findFirst().orElseThrow();
        assertThat(declined.history()).extracting(RecommendationStep::status)
                .containsExactly(RecommendationStatus.PENDING, RecommendationStatus.DECLINED);
        assertThat(declined.history().get(0).by()).isEqualTo(practice.emails().get(Role.PSYCHIATRIC_CONSULTANT));
        assertThat(declined.history().get(1).text()).isEqualTo("Patient declines ECT");
    }

    @Test
    void recommendationsOfAnEpisodeWithoutAPcpGoToEveryPcpOfThePractice() {
        PatientRecord patient = register("NoPcp", null);
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.ANXIETY)));
        assertThat(episode.pcp()).isNull();
        CaseReview review = asConsultant(() -> reviews.recordReview(episode.id(), null, List.of(
                new RecommendationInput(RecommendationKind.MEDICATION, "Start escitalopram 10 mg"))));
        Actor otherPcp = secondPcp();

        assertThat(actors.runAs(otherPcp, () -> reviews.inbox(UUID.fromString(otherPcp.id())))).hasSize(1);
        assertThat(asPcp(() -> reviews.inbox(practice.accounts().get(Role.PCP)))).hasSize(1);
        Recommendation answered = actors.runAs(otherPcp, () -> reviews.respond(review.recommendations().get(0).id(),
                RecommendationAnswer.ACCEPT, "Will start at the visit on Monday"));
        assertThat(answered.responseText()).isEqualTo("Will start at the visit on Monday");
        assertThat(asPcp(() -> reviews.inbox(practice.accounts().get(Role.PCP)))).isEmpty();
    }

    @Test
    void thePrepSummaryHasTrajectoryTreatmentContactsRequestsAndWhatBecameOfEarlierRecommendations() {
        PatientRecord patient = register("Prep", practice.accounts().get(Role.PCP));
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(today.minusWeeks(9), EpisodeStatus.ACTIVE)));
        phq9(episode, today.minusWeeks(9), 3, 3, 2, 2, 2, 2, 2, 1, 0); // 17
        phq9(episode, null, 2, 2, 2, 1, 1, 1, 1, 1, 0); // 11
        asCareManager(() -> episodes.addTreatmentChange(episode.id(), today.minusWeeks(8), TreatmentKind.MEDICATION_START,
                "Sertraline 50 mg daily"));
        asCareManager(() -> timeLog.log(new TimeLogEntry(episode.id(), null, 20, ContactMode.PHONE, Activity.FOLLOW_UP, null, null, null)));
        asCareManager(() -> timeLog.log(new TimeLogEntry(episode.id(), null, 10, ContactMode.NONE, Activity.CARE_PLANNING, null, null,
                null)));
        CaseReview earlier = asConsultant(() -> reviews.recordReview(episode.id(), "Start therapy", List.of(
                new RecommendationInput(RecommendationKind.THERAPY, "Behavioral activation"))));
        asPcp(() -> reviews.respond(earlier.recommendations().get(0).id(), RecommendationAnswer.ACCEPT, null));
        asCareManager(() -> reviews.requestReview(episode.id(), "Still 11 at week 9"));

        ReviewPrep prep = asConsultant(() -> reviews.prep(episode.id()));

        assertThat(prep.weeksInTreatment()).isEqualTo(9);
        assertThat(prep.measurements()).extracting(TreatToTarget.Measurement::total).containsExactly(17, 11);
        assertThat(prep.row().phq9().baseline()).isEqualTo(17);
        assertThat(prep.row().phq9().latest()).isEqualTo(11);
        assertThat(prep.row().phq9().percentChange()).isEqualTo(-35);
        assertThat(prep.treatment()).extracting(TreatmentChange::description).containsExactly("Sertraline 50 mg daily");
        assertThat(prep.contacts()).singleElement().satisfies(c -> assertThat(c.mode()).isEqualTo(ContactMode.PHONE));
        assertThat(prep.openRequests()).extracting(ReviewRequest::reason).containsExactly("Still 11 at week 9");
        assertThat(prep.reasons()).extracting(ReviewReason::kind).contains(ReviewReason.Kind.REQUESTED);
        assertThat(prep.lastReview()).hasValueSatisfying(r -> {
            assertThat(r.summary()).isEqualTo("Start therapy");
            assertThat(r.recommendations()).singleElement()
                    .satisfies(rec -> assertThat(rec.status()).isEqualTo(RecommendationStatus.ACCEPTED));
        });
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND action = 'READ' "
                + "AND resource_type = 'CaseReview'", Integer.class, practice.id().value())).isEqualTo(1);
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.FRONT_DESK), () -> reviews.prep(episode.id())))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void anotherPracticeSeesAndChangesNothing() {
        Episode episode = enrol("Private", today.minusWeeks(1), EpisodeStatus.ACTIVE);
        ReviewRequest request = asCareManager(() -> reviews.requestReview(episode.id(), "Please discuss"));
        CaseReview review = asConsultant(() -> reviews.recordReview(episode.id(), null, List.of(
                new RecommendationInput(RecommendationKind.OTHER, "Check TSH"))));
        UUID recommendation = review.recommendations().get(0).id();
        PracticeFixture other = PracticeFixture.create(practices, "Other practice");

        assertThat(actors.runAs(other.user(Role.PSYCHIATRIC_CONSULTANT), () -> reviews.reviewList(today))).isEmpty();
        assertThat(actors.runAs(other.user(Role.PCP), () -> reviews.inbox(other.accounts().get(Role.PCP)))).isEmpty();
        assertThat(actors.runAs(other.user(Role.PCP), () -> reviews.inbox(practice.accounts().get(Role.PCP)))).isEmpty();
        assertThatThrownBy(() -> actors.runAs(other.user(Role.PSYCHIATRIC_CONSULTANT), () -> reviews.prep(episode.id())))
                .isInstanceOf(PatientNotFound.class);
        assertThatThrownBy(() -> actors.runAs(other.user(Role.PSYCHIATRIC_CONSULTANT), () -> reviews.recordReview(episode.id(), "x",
                List.of()))).isInstanceOf(PatientNotFound.class);
        assertThatThrownBy(() -> actors.runAs(other.user(Role.CARE_MANAGER), () -> reviews.requestReview(episode.id(), "x")))
                .isInstanceOf(PatientNotFound.class);
        assertThatThrownBy(() -> actors.runAs(other.user(Role.CARE_MANAGER), () -> reviews.withdraw(request.id())))
                .isInstanceOf(PatientNotFound.class);
        assertThatThrownBy(() -> actors.runAs(other.user(Role.PCP), () -> reviews.respond(recommendation, RecommendationAnswer.ACCEPT,
                null))).isInstanceOf(PatientNotFound.class);
        assertThatThrownBy(() -> actors.runAs(other.user(Role.PCP), () -> reviews.recommendations(episode.id())))
                .isInstanceOf(PatientNotFound.class);
        assertThat(asPcp(() -> reviews.recommendation(recommendation)).pending()).isTrue();
    }

    // ---------------------------------------------------------------- helpers

    private Episode enrol(String family, LocalDate on, EpisodeStatus status) {
        PatientRecord patient = register(family, practice.accounts().get(Role.PCP));
        return asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION).on(on, status)));
    }

    private PatientRecord register(String family, UUID pcp) {
        return actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, null, family, "Test",
                LocalDate.of(1970, 1, 1), AdministrativeSex.FEMALE, "en", pcp, null)));
    }

    /** A PHQ-9 at noon of a day (null: now). */
    private void phq9(Episode episode, LocalDate on, int... points) {
        Map<String, Answer> answers = Instruments.find(Instruments.PHQ_9).orElseThrow().answersScoring(points);
        Instant at = on == null ? null : on.atTime(12, 0).atZone(CHICAGO).toInstant();
        actors.runAs(practice.actor(Role.MEDICAL_ASSISTANT), () -> screenings.submit(new ScreeningSubmission(null, episode.patient(), null,
                null, Instruments.PHQ_9, answers, ScreeningSubmission.Mode.STAFF, "en", at)));
    }

    private Actor secondPcp() {
        String email = "second.pcp@" + practice.prefix() + ".example";
        UUID id = practices.createStaff(practice.id(), email, "Second PCP", PracticeFixture.PASSWORD, Set.of(Role.PCP));
        return new Actor(id.toString(), email, Actor.Kind.USER, practice.id(), Set.of(Role.PCP), Channel.WEB, null);
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE practice_id = ?", Integer.class, practice.id().value());
    }

    private <T> T asCareManager(Supplier<T> work) {
        return actors.runAs(practice.user(Role.CARE_MANAGER), work);
    }

    private <T> T asConsultant(Supplier<T> work) {
        return actors.runAs(practice.user(Role.PSYCHIATRIC_CONSULTANT), work);
    }

    private <T> T asPcp(Supplier<T> work) {
        return actors.runAs(practice.user(Role.PCP), work);
    }
}
