package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.registry.BillingMonth.Why;
import org.tandem.registry.BillingRules.CocmMonth;
import org.tandem.registry.RegistrySettings.BillingSetting;
import org.tandem.testsupport.PracticeFixture;

/**
 * Billing from episodes and time entries stored through {@link Episodes} and {@link TimeLog}, on the real database
 * (H2, and PostgreSQL in the {@code postgresql} run). Practice time zone America/Chicago.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class BillingIntegrationTests {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final YearMonth MARCH = YearMonth.of(2026, 3);

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Episodes episodes;
    @Autowired
    TimeLog timeLog;
    @Autowired
    Billing billing;
    @Autowired
    RegistrySettings settings;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;

    PracticeFixture practice;
    UUID pcp;
    UUID careManager;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Billing practice");
        pcp = practice.accounts().get(Role.PCP);
        careManager = practice.accounts().get(Role.CARE_MANAGER);
    }

    @Test
    void theReportCountsOverlapsOnceAndOnlyFromConsentToDischarge() {
        // consent on 10 March: 30 minutes on the 5th do not count; 20 + 20 overlapping by 10 on the 12th count 30
        Episode grace = enrolled(patient("Mwangi", "Grace"), LocalDate.of(2026, 3, 1), false);
        consent(grace, LocalDate.of(2026, 3, 10));
        log(grace, LocalDateTime.of(2026, 3, 5, 9, 0), 30);
        log(grace, LocalDateTime.of(2026, 3, 12, 9, 0), 20);
        log(grace, LocalDateTime.of(2026, 3, 12, 9, 10), 20);
        log(grace, LocalDateTime.of(2026, 3, 20, 9, 0), 10);
        // discharged on 16 March: 25 on the 14th count, 40 on the 18th do not
        Episode tom = enrolled(patient("Baker", "Tom"), LocalDate.of(2026, 3, 1), true);
        consent(tom, LocalDate.of(2026, 3, 1));
        log(tom, LocalDateTime.of(2026, 3, 14, 9, 0), 25);
        log(tom, LocalDateTime.of(2026, 3, 18, 9, 0), 40);
        as(Role.CARE_MANAGER, () -> episodes.changeStatus(tom.id(), EpisodeStatus.DISCHARGED, DischargeReason.GOALS_MET,
                LocalDate.of(2026, 3, 16), null, null));

        BillingReport report = as(Role.PCP, () -> billing.report(MARCH));

        assertThat(report.setting()).isEqualTo(BillingSetting.OFFICE);
        assertThat(report.rules().year()).isEqualTo(2026);
        assertThat(report.groups()).hasSize(1);
        BillingReport.Group group = report.groups().get(0);
        assertThat(group.practitioner()).isEqualTo(pcp);
        assertThat(group.name()).isEqualTo("Test PCP");
        assertThat(group.lines()).extracting(BillingReport.Line::patientName).containsExactly("Baker, Tom", "Mwangi, Grace");
        BillingReport.Line tomLine = group.lines().get(0);
        assertThat(tomLine.minutes()).isEqualTo(25);
        assertThat(tomLine.claims()).extracting(BillingMonth.Claim::label).containsExactly("G2214");
        assertThat(tomLine.notCounted()).containsExactly(new BillingMonth.NotCounted(Why.AFTER_DISCHARGE, 40, LocalDate.of(2026, 3, 16)));
        BillingReport.Line graceLine = group.lines().get(1);
        // 30 overlapping + 10 = 40: 99492
        assertThat(graceLine.minutes()).isEqualTo(40);
        assertThat(graceLine.cocmMonth()).isEqualTo(CocmMonth.INITIAL);
        assertThat(graceLine.claims()).extracting(BillingMonth.Claim::label).containsExactly("99492");
        assertThat(graceLine.notCounted()).extracting(BillingMonth.NotCounted::why, BillingMonth.NotCounted::minutes)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Why.BEFORE_CONSENT, 30),
                        org.assertj.core.groups.Tuple.tuple(Why.OVERLAP, 10));
        assertThat(group.units()).containsExactly(java.util.Map.entry("99492", 1), java.util.Map.entry("G2214", 1));
        assertThat(count("SEARCH", "BillingReport")).isEqualTo(1);
    }

    @Test
    void monthsFollowThePracticeTimeZoneAndEntriesAcrossMidnightAreSplit() {
        Episode ada = enrolled(patient("Okoro", "Ada"), LocalDate.of(2026, 3, 1), false);
        consent(ada, LocalDate.of(2026, 3, 1));
        log(ada, LocalDateTime.of(2026, 3, 2, 10, 0), 20);
        // 31 March 23:30 in Chicago is 1 April 04:30 UTC: 30 minutes in March, 30 in April
        log(ada, LocalDateTime.of(2026, 3, 31, 23, 30), 60);
        log(ada, LocalDateTime.of(2026, 4, 20, 10, 0), 10);

        BillingReport march = as(Role.PCP, () -> billing.report(MARCH));
        assertThat(march.groups().get(0).lines().get(0).minutes()).isEqualTo(50);
        assertThat(march.groups().get(0).lines().get(0).claims()).extracting(BillingMonth.Claim::code).containsExactly("99492");

        BillingMonth april = as(Role.CARE_MANAGER, () -> billing.forEpisode(ada.id(), YearMonth.of(2026, 4)));
        assertThat(april.minutes()).isEqualTo(40);
        assertThat(april.cocmMonth()).isEqualTo(CocmMonth.LATER);
        assertThat(april.codes()).containsExactly("99493");
        assertThat(april.part(BillingModel.COCM).orElseThrow().next()).isEqualTo(new BillingMonth.Next("99494", 1, 76, 36));
    }

    @Test
    void sixMonthsWithoutServicesMake99492DueAgain() {
        Episode ada = enrolled(patient("Okoro", "Ada"), LocalDate.of(2026, 1, 5), false);
        consent(ada, LocalDate.of(2026, 1, 5));
        log(ada, LocalDateTime.of(2026, 1, 6, 10, 0), 40);
        log(ada, LocalDateTime.of(2026, 8, 3, 10, 0), 40);
        Episode ben = enrolled(patient("Ortiz", "Ben"), LocalDate.of(2026, 2, 2), false);
        consent(ben, LocalDate.of(2026, 2, 2));
        log(ben, LocalDateTime.of(2026, 2, 3, 10, 0), 40);
        log(ben, LocalDateTime.of(2026, 8, 3, 10, 0), 40);

        BillingReport august = as(Role.PCP, () -> billing.report(YearMonth.of(2026, 8)));

        // Ada: nothing February to July (6 months); Ben: nothing March to July (5 months)
        assertThat(august.groups().get(0).lines()).extracting(BillingReport.Line::patientName, BillingReport.Line::cocmMonth)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Okoro, Ada", CocmMonth.INITIAL),
                        org.assertj.core.groups.Tuple.tuple("Ortiz, Ben", CocmMonth.LATER));
        assertThat(august.units()).containsExactly(java.util.Map.entry("99492", 1), java.util.Map.entry("99493", 1));
    }

    @Test
    void withoutConsentNothingIsBillableAndG0323GoesToTheClinician() {
        Episode noConsent = enrolled(patient("Lee", "Kim"), LocalDate.of(2026, 3, 1), true);
        log(noConsent, LocalDateTime.of(2026, 3, 3, 10, 0), 60);
        Episode g0323 = as(Role.CARE_MANAGER, () -> episodes.enrol(Enrolment.of(patient("Ruiz", "Ana").id(), EpisodeFocus.ANXIETY)
                .on(LocalDate.of(2026, 3, 1), EpisodeStatus.ACTIVE).withTeam(careManager, null, null)
                .billing(BillingModel.BH_CARE_MANAGEMENT, false)));
        consent(g0323, LocalDate.of(2026, 3, 1));
        log(g0323, LocalDateTime.of(2026, 3, 4, 10, 0), 20);

        BillingReport report = as(Role.PCP, () -> billing.report(MARCH));

        assertThat(report.groups()).extracting(BillingReport.Group::name).containsExactly("Test CARE_MANAGER", "Test PCP");
        BillingReport.Line ana = report.groups().get(0).lines().get(0);
        assertThat(ana.claims()).extracting(BillingMonth.Claim::code).containsExactly("G0323");
        BillingReport.Line kim = report.groups().get(1).lines().get(0);
        assertThat(kim.claims()).isEmpty();
        assertThat(kim.refusals()).extracting(BillingMonth.Refusal::text).containsExactly("consent not documented");
        assertThat(kim.notCounted()).extracting(BillingMonth.NotCounted::minutes).containsExactly(60);
    }

    @Test
    void theFqhcSettingSwitchesTheRulesByYear() {
        Episode ada = enrolled(patient("Okoro", "Ada"), LocalDate.of(2025, 3, 1), true);
        consent(ada, LocalDate.of(2025, 3, 1));
        log(ada, LocalDateTime.of(2025, 3, 3, 10, 0), 40);
        log(ada, LocalDateTime.of(2026, 3, 3, 10, 0), 40);
        as(Role.PRACTICE_ADMIN, () -> settings.update(new RegistrySettings.Settings(BillingSetting.FQHC, 72)));

        BillingMonth march2025 = as(Role.PCP, () -> billing.forEpisode(ada.id(), YearMonth.of(2025, 3)));
        assertThat(march2025.codes()).isEmpty();
        assertThat(march2025.part(BillingModel.COCM).orElseThrow().next()).isEqualTo(new BillingMonth.Next("G0512", 1, 70, 30));
        assertThat(march2025.rules().verified()).isFalse();
        // a year later, after 11 months without services: a first month again, 99492 billed directly by the FQHC
        BillingMonth march2026 = as(Role.PCP, () -> billing.forEpisode(ada.id(), MARCH));
        assertThat(march2026.cocmMonth()).isEqualTo(CocmMonth.INITIAL);
        assertThat(march2026.codes()).containsExactly("99492");
        assertThat(march2026.claims()).allMatch(BillingMonth.Claim::verified);
    }

    @Test
    void otherPracticesTimeIsNotInTheReportAndNonClinicalRolesAreRefused() {
        Episode ada = enrolled(patient("Okoro", "Ada"), LocalDate.of(2026, 3, 1), false);
        consent(ada, LocalDate.of(2026, 3, 1));
        log(ada, LocalDateTime.of(2026, 3, 3, 10, 0), 40);
        PracticeFixture other = PracticeFixture.create(practices, "Other practice");

        BillingReport theirs = actors.runAs(other.actor(Role.PCP), () -> billing.report(MARCH));
        assertThat(theirs.groups()).isEmpty();
        assertThatThrownBy(() -> actors.runAs(other.actor(Role.PCP), () -> billing.forEpisode(ada.id(), MARCH)))
                .isInstanceOf(org.tandem.patient.PatientNotFound.class);
        assertThatThrownBy(() -> as(Role.FRONT_DESK, () -> billing.report(MARCH))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> as(Role.PRACTICE_ADMIN, () -> billing.export(MARCH))).isInstanceOf(AccessDeniedException.class);

        BillingReport exported = as(Role.PCP, () -> billing.export(MARCH));
        assertThat(exported.patients()).isEqualTo(1);
        assertThat(count("EXPORT", "BillingReport")).isEqualTo(1);
        as(Role.PCP, () -> billing.forEpisode(ada.id(), MARCH));
        assertThat(jdbc.queryForObject("SELECT detail FROM audit_event WHERE practice_id = ? AND resource_type = 'BillingMonth'",
                String.class, practice.id().value())).isEqualTo("2026-03: 40 min 99492");
    }

    // ---- helpers ----

    private PatientRecord patient(String family, String given) {
        return as(Role.PCP, () -> patients.register(new PatientDetails(null, null, family, given, LocalDate.of(1970, 1, 1),
                AdministrativeSex.FEMALE, "en", pcp, null)));
    }

    private Episode enrolled(PatientRecord patient, LocalDate on, boolean medicare) {
        return as(Role.CARE_MANAGER, () -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(on, EpisodeStatus.ACTIVE).billing(BillingModel.COCM, medicare)));
    }

    private void consent(Episode episode, LocalDate on) {
        as(Role.CARE_MANAGER, () -> episodes.recordConsent(episode.id(), on, "verbal", null));
    }

    private void log(Episode episode, LocalDateTime start, int minutes) {
        as(Role.CARE_MANAGER, () -> timeLog.log(new TimeLogEntry(episode.id(), start.atZone(ZONE).toInstant(), minutes,
                ContactMode.PHONE, Activity.FOLLOW_UP, null, null, null)));
    }

    private <T> T as(Role role, java.util.function.Supplier<T> work) {
        Actor user = practice.user(role);
        return actors.runAs(user, work);
    }

    private int count(String action, String resource) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND action = ? AND resource_type = ?",
                Integer.class, practice.id().value(), action, resource);
    }
}
