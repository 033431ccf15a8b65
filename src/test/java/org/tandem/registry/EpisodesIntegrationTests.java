package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.screening.Answer;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.PracticeFixture;

/** Episodes, their history, time entries and the queue of new results, on the real database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class EpisodesIntegrationTests {

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Episodes episodes;
    @Autowired
    TimeLog timeLog;
    @Autowired
    RegistryResults results;
    @Autowired
    Screenings screenings;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;

    PracticeFixture practice;
    PatientRecord patient;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Registry practice");
        patient = actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, null, "Mwangi", "Grace",
                LocalDate.of(1975, 6, 1), AdministrativeSex.FEMALE, "en", null, null)));
    }

    @Test
    void enrolmentByACareManagerMakesThemTheCareManagerAndIsAudited() {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        assertThat(episode.status()).isEqualTo(EpisodeStatus.ENROLLED);
        assertThat(episode.careManager()).isEqualTo(practice.accounts().get(Role.CARE_MANAGER));
        assertThat(episode.instruments()).containsExactly("phq-9");
        assertThat(episode.activeCadenceDays()).isEqualTo(14);
        assertThat(episode.relapseCadenceDays()).isEqualTo(28);
        assertThat(episode.consented()).isFalse();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND resource_type = 'EpisodeOfCare' "
                + "AND action = 'CREATE'", Integer.class, practice.id().value())).isEqualTo(1);
    }

    @Test
    void aSecondOpenEpisodeOfTheSameFocusIsRefusedButAnotherFocusIsFine() {
        asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        assertThatThrownBy(() -> asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION))))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("already has an open depression episode");
        Episode anxiety = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.ANXIETY)));
        assertThat(anxiety.instruments()).containsExactly("gad-7");
    }

    @Test
    void statusesMoveOnlyForwardAndDischargeNeedsAReason() {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        Episode active = asCareManager(() -> episodes.changeStatus(episode.id(), EpisodeStatus.ACTIVE, null, null, null, episode.version()));
        assertThat(active.activeSince()).isNotNull();
        assertThatThrownBy(() -> asCareManager(() -> episodes.changeStatus(episode.id(), EpisodeStatus.ENROLLED, null, null, null, null)))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("cannot become enrolled");
        assertThatThrownBy(() -> asCareManager(() -> episodes.changeStatus(episode.id(), EpisodeStatus.DISCHARGED, null, null, null, null)))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("reason");
        assertThatThrownBy(() -> asCareManager(() -> episodes.changeStatus(episode.id(), EpisodeStatus.RELAPSE_PREVENTION, null, null,
                null, episode.version()))).isInstanceOf(org.tandem.patient.VersionConflict.class);

        Episode discharged = asCareManager(() -> episodes.changeStatus(episode.id(), EpisodeStatus.DISCHARGED, DischargeReason.GOALS_MET,
                null, "PHQ-9 under 5 twice", null));
        assertThat(discharged.dischargeReason()).isEqualTo(DischargeReason.GOALS_MET);
        List<EpisodeStep> history = asCareManager(() -> episodes.history(episode.id()));
        assertThat(history).extracting(EpisodeStep::step).containsExactly("enrolled", "active", "discharged");
        assertThat(history.get(2).note()).contains("PHQ-9 under 5 twice").contains("goals-met");
    }

    @Test
    void consentTeamAndPlanAreValidated() {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        assertThatThrownBy(() -> asCareManager(() -> episodes.recordConsent(episode.id(), null, "nodded", null)))
                .isInstanceOf(InvalidRegistryData.class);
        Episode consented = asCareManager(() -> episodes.recordConsent(episode.id(), null, "verbal", null));
        assertThat(consented.consented()).isTrue();
        assertThat(consented.consentRecordedBy()).isEqualTo(practice.emails().get(Role.CARE_MANAGER));

        assertThatThrownBy(() -> asCareManager(() -> episodes.assign(episode.id(), practice.accounts().get(Role.FRONT_DESK), null, null)))
                .isInstanceOf(InvalidRegistryData.class).hasMessageContaining("is not a care manager");
        Episode assigned = asCareManager(() -> episodes.assign(episode.id(), practice.accounts().get(Role.CARE_MANAGER),
                practice.accounts().get(Role.PCP), practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT)));
        assertThat(assigned.consultant()).isEqualTo(practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT));

        assertThatThrownBy(() -> asCareManager(() -> episodes.updatePlan(episode.id(), new EpisodePlan(List.of("phq-9", "nonsense"), 3,
                28, true, "not-an-address", null, null, null, false))))
                .isInstanceOf(InvalidRegistryData.class)
                .satisfies(e -> assertThat(((InvalidRegistryData) e).problems()).hasSize(3));
        Episode planned = asCareManager(() -> episodes.updatePlan(episode.id(), new EpisodePlan(List.of("phq-9", "gad-7"), 14, 28, true,
                "grace@example.org", null, "Keep walking daily", BillingModel.COCM, true)));
        assertThat(planned.instruments()).containsExactly("phq-9", "gad-7");
        assertThat(planned.homeMeasurement()).isTrue();
        assertThat(planned.medicare()).isTrue();
    }

    @Test
    void timeIsLoggedInTheUsersRoleAndBadEntriesChangeNothing() {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        TimeEntry call = asCareManager(() -> timeLog.log(new TimeLogEntry(episode.id(), null, 20, ContactMode.PHONE,
                Activity.FOLLOW_UP, null, "Checked in", null)));
        assertThat(call.role()).isEqualTo(ClinicianRole.CARE_MANAGER);
        assertThat(call.account()).isEqualTo(practice.accounts().get(Role.CARE_MANAGER));
        TimeEntry review = actors.runAs(practice.user(Role.PSYCHIATRIC_CONSULTANT), () -> timeLog.log(new TimeLogEntry(episode.id(),
                null, 10, ContactMode.NONE, Activity.CASE_REVIEW, null, null, null)));
        assertThat(review.role()).isEqualTo(ClinicianRole.PSYCHIATRIC_CONSULTANT);

        assertThatThrownBy(() -> asCareManager(() -> timeLog.log(new TimeLogEntry(episode.id(), Instant.now().plusSeconds(3600), 0,
                null, null, null, null, null))))
                .isInstanceOf(InvalidRegistryData.class)
                .satisfies(e -> assertThat(((InvalidRegistryData) e).problems()).hasSize(4));
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.FRONT_DESK), () -> timeLog.log(new TimeLogEntry(episode.id(), null, 5,
                ContactMode.PHONE, Activity.OTHER, null, null, null)))).isInstanceOf(AccessDeniedException.class);
        assertThat(asCareManager(() -> timeLog.of(episode.id()))).hasSize(2);
    }

    @Test
    void completedScreeningsOfEnrolledPatientsQueueForReviewWithTheirSafetySignal() {
        submitPhq9(0, 0, 0, 0, 0, 0, 0, 0, 0); // before enrolment: not queued
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));
        ScreeningResult withItem9 = submitPhq9(2, 2, 2, 2, 2, 2, 2, 2, 1);

        List<RegistryResult> queue = asCareManager(() -> results.unreviewed(practice.accounts().get(Role.CARE_MANAGER)));
        assertThat(queue).hasSize(1);
        assertThat(queue.get(0).response()).isEqualTo(withItem9.response().id());
        assertThat(queue.get(0).total()).isEqualTo(17);
        assertThat(queue.get(0).safety()).isTrue();
        assertThat(asCareManager(() -> results.unreviewed(practice.accounts().get(Role.PCP)))).isEmpty();

        RegistryResult reviewed = asCareManager(() -> results.markReviewed(withItem9.response().id()));
        assertThat(reviewed.reviewedBy()).isEqualTo(practice.emails().get(Role.CARE_MANAGER));
        assertThat(asCareManager(() -> results.unreviewed(null))).isEmpty();
        assertThat(episode.id()).isNotNull();
    }

    @Test
    void otherPracticesSeeNoEpisode() {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));
        PracticeFixture other = PracticeFixture.create(practices, "Other practice");

        assertThatThrownBy(() -> actors.runAs(other.user(Role.CARE_MANAGER), () -> episodes.get(episode.id())))
                .isInstanceOf(PatientNotFound.class);
        assertThat(actors.runAs(other.user(Role.CARE_MANAGER), () -> episodes.search(null, List.of()))).isEmpty();
    }

    private ScreeningResult submitPhq9(int... points) {
        Map<String, Answer> answers = Instruments.find(Instruments.PHQ_9).orElseThrow().answersScoring(points);
        return actors.runAs(practice.actor(Role.MEDICAL_ASSISTANT), () -> screenings.submit(new ScreeningSubmission(null, patient.id(),
                null, null, Instruments.PHQ_9, answers, ScreeningSubmission.Mode.STAFF, "en", null)));
    }

    private <T> T asCareManager(java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(Role.CARE_MANAGER), work);
    }
}
