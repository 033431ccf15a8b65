package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.screening.ScreeningResult;
import org.tandem.testsupport.PracticeFixture;

/** Caseloads built from stored episodes, screenings, time entries, queued results and case reviews, on the real database. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class CaseloadsIntegrationTests {

    @Autowired
    Practices practices;
    @Autowired
    Caseloads caseloads;
    @Autowired
    RegistryResults results;
    @Autowired
    CurrentActor actors;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    PracticeFixture practice;
    CaseloadTestData data;
    UUID careManager;
    UUID bhc;
    PatientRecord grace;
    PatientRecord tom;
    PatientRecord lily;
    Episode graceDepression;
    Episode tomAnxiety;
    Episode lilyDepression;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Caseload practice");
        careManager = practice.accounts().get(Role.CARE_MANAGER);
        bhc = practice.accounts().get(Role.BHC);
        data = new CaseloadTestData(context, practice.actor(Role.CARE_MANAGER));
        // Grace: enrolled 60 days ago (week 9), PHQ-9 20 -> 14 (30% drop, still >= 10), last contact 10 days ago
        grace = data.patient("Mwangi", "Grace", LocalDate.of(1975, 6, 1), "MRN-100");
        data.phq9(grace, 62, 20, false);
        graceDepression = data.enrol(grace, EpisodeFocus.DEPRESSION, 60, careManager);
        data.contact(graceDepression, 59);
        data.log(graceDepression, 45, ContactMode.NONE, Activity.CARE_PLANNING);
        data.contact(graceDepression, 10);
        data.phq9(grace, 20, 14, false);
        // Tom: anxiety, enrolled 20 days ago, GAD-7 9 -> 15 (worse by 6), contacted 3 days ago
        tom = data.patient("Baker", "Tom", LocalDate.of(1990, 2, 3), "MRN-200");
        tomAnxiety = data.enrol(tom, EpisodeFocus.ANXIETY, 20, careManager);
        data.gad7(tom, 20, 9);
        data.contact(tomAnxiety, 3);
        data.gad7(tom, 3, 15);
        // Lily: the BHC's patient, enrolled 5 days ago; a PHQ-9 with item 9 positive 2 days ago
        lily = data.patient("Chen", "Lily", LocalDate.of(2001, 1, 5), "MRN-300");
        lilyDepression = data.enrol(lily, EpisodeFocus.DEPRESSION, 5, bhc);
        data.phq9(lily, 5, 16, false);
        data.phq9(lily, 2, 18, true);
    }

    @Test
    void aCareManagersCaseloadHasTheirOpenEpisodesWithProgressContactsAndFlags() {
        List<CaseloadRow> rows = asCareManager(() -> caseloads.of(careManager, CaseloadFilter.ALL));

        assertThat(rows).extracting(CaseloadRow::episodeId).containsExactly(graceDepression.id(), tomAnxiety.id());
        CaseloadRow g = rows.get(0);
        assertThat(g.name()).isEqualTo("Mwangi, Grace");
        assertThat(g.mrn()).isEqualTo("MRN-100");
        assertThat(g.age()).isEqualTo(grace.ageOn(CaseloadTestData.today()));
        assertThat(g.careManagerName()).isEqualTo("Test CARE_MANAGER");
        assertThat(g.status()).isEqualTo(EpisodeStatus.ACTIVE);
        assertThat(g.weeksInTreatment()).isEqualTo(8);
        assertThat(g.treatmentWeek()).isEqualTo(9);
        assertThat(g.phq9().baseline()).isEqualTo(20);
        assertThat(g.phq9().baselineOn()).isEqualTo(CaseloadTestData.today().minusDays(62));
        assertThat(g.phq9().latest()).isEqualTo(14);
        assertThat(g.phq9().percentChange()).isEqualTo(-30);
        assertThat(g.phq9().response()).isFalse();
        assertThat(g.gad7().measured()).isFalse();
        assertThat(g.contacts()).isEqualTo(2);
        assertThat(g.lastContact()).isEqualTo(CaseloadTestData.today().minusDays(10));
        assertThat(g.daysSinceContact()).isEqualTo(10);
        assertThat(g.nextContactDue()).isEqualTo(CaseloadTestData.today().plusDays(4));
        assertThat(g.lastMeasurement()).isEqualTo(CaseloadTestData.today().minusDays(20));
        assertThat(g.nextMeasurementDue()).isEqualTo(CaseloadTestData.today().minusDays(6));
        assertThat(g.lastPsychiatricReview()).isNull();
        assertThat(g.flags()).containsExactly(Flag.NEEDS_PSYCHIATRIC_REVIEW);
        assertThat(g.measurements()).extracting(TreatToTarget.Measurement::total).containsExactly(20, 14);

        CaseloadRow t = rows.get(1);
        assertThat(t.focus()).isEqualTo(EpisodeFocus.ANXIETY);
        assertThat(t.gad7().baseline()).isEqualTo(9);
        assertThat(t.gad7().latest()).isEqualTo(15);
        assertThat(t.flags()).containsExactly(Flag.WORSENING);
    }

    @Test
    void aPsychiatricReviewSinceWeek8AnswersTheReviewFlag() {
        UUID review = UUID.randomUUID();
        jdbc.update("INSERT INTO registry_case_review (practice_id, id, episode_id, reviewed_at, reviewed_on, consultant, summary) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", practice.id().value(), review, graceDepression.id(),
                Timestamp.from(CaseloadTestData.daysAgo(3)), Date.valueOf(CaseloadTestData.today().minusDays(3)), "Dr. Consultant",
                "Increase sertraline");

        CaseloadRow g = asCareManager(() -> caseloads.row(graceDepression.id()));
        assertThat(g.lastPsychiatricReview()).isEqualTo(CaseloadTestData.today().minusDays(3));
        assertThat(g.flags()).isEmpty();
    }

    @Test
    void anUnreviewedSafetyResultFlagsThePatientUntilReviewed() {
        List<CaseloadRow> all = asCareManager(() -> caseloads.of(null, CaseloadFilter.ALL));
        assertThat(all).extracting(CaseloadRow::name).containsExactly("Mwangi, Grace", "Baker, Tom", "Chen, Lily");
        CaseloadRow l = all.get(2);
        assertThat(l.flags()).containsExactly(Flag.SAFETY);
        assertThat(l.careManagerName()).isEqualTo("Test BHC");
        assertThat(l.phq9().baseline()).isEqualTo(16);
        assertThat(l.phq9().latest()).isEqualTo(18);

        List<RegistryResult> queue = asCareManager(() -> results.unreviewed(null));
        RegistryResult safety = queue.stream().filter(RegistryResult::safety).findFirst().orElseThrow();
        asCareManager(() -> results.markReviewed(safety.response()));
        assertThat(asCareManager(() -> caseloads.row(lilyDepression.id())).flags()).isEmpty();
    }

    @Test
    void filtersByStatusFocusAndFlag() {
        data.relapsePrevention(tomAnxiety, 1);
        assertThat(asCareManager(() -> caseloads.of(null, new CaseloadFilter(Set.of(EpisodeStatus.RELAPSE_PREVENTION), null, null))))
                .extracting(CaseloadRow::episodeId).containsExactly(tomAnxiety.id());
        assertThat(asCareManager(() -> caseloads.of(null, new CaseloadFilter(null, EpisodeFocus.DEPRESSION, null))))
                .extracting(CaseloadRow::episodeId).containsExactly(graceDepression.id(), lilyDepression.id());
        assertThat(asCareManager(() -> caseloads.of(null, CaseloadFilter.flagged(Flag.WORSENING))))
                .extracting(CaseloadRow::episodeId).containsExactly(tomAnxiety.id());
        assertThat(asCareManager(() -> caseloads.of(null, new CaseloadFilter(Set.of(EpisodeStatus.DISCHARGED), null, null)))).isEmpty();
    }

    @Test
    void onlyCliniciansSeeCaseloadsAndTheSearchIsAudited() {
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.FRONT_DESK), () -> caseloads.of(null, CaseloadFilter.ALL)))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.FRONT_DESK), () -> caseloads.row(graceDepression.id())))
                .isInstanceOf(AccessDeniedException.class);
        asCareManager(() -> caseloads.of(careManager, CaseloadFilter.ALL));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND resource_type = 'Caseload' "
                + "AND action = 'SEARCH'", Integer.class, practice.id().value())).isEqualTo(1);
        PracticeFixture other = PracticeFixture.create(practices, "Other practice");
        assertThat(actors.runAs(other.user(Role.CARE_MANAGER), () -> caseloads.of(null, CaseloadFilter.ALL))).isEmpty();
    }

    private <T> T asCareManager(java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(Role.CARE_MANAGER), work);
    }
}
