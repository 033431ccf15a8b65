package org.tandem.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/**
 * The demand profile on the real database (H2 and PostgreSQL): visits, positive screens and handoff requests at known
 * local times of a practice in America/Chicago land in their weekday-hour cells, across the change to daylight saving
 * time (Sunday 8 March 2026, 2:00 becomes 3:00) and back (Sunday 1 November 2026, 1:00-2:00 happens twice), and
 * are averaged over the weeks of the period.
 */
@SpringBootTest
class DemandProfilesIntegrationTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final int MON = 0;
    static final int TUE = 1;
    static final int SAT = 5;
    static final int SUN = 6;

    @Autowired
    Practices practices;
    @Autowired
    DemandProfiles profiles;
    @Autowired
    CurrentActor actors;
    @Autowired
    ApplicationContext context;

    PracticeFixture practice;
    DemandTestData data;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Demand practice");
        data = new DemandTestData(context, practice.id(), CHICAGO);
    }

    @Test
    void visitsAcrossTheSpringChangeLandInTheirLocalHourAndAreAveragedOverTwoWeeks() {
        // Monday 2 March is standard time (UTC-6), Monday 9 March daylight time (UTC-5): both are the 9:00 hour locally
        data.visit("2026-03-02T09:15");
        data.visit("2026-03-09T09:45");
        // the first hour after the clocks moved forward, and the last minute of the Saturday before
        data.visit("2026-03-08T03:30");
        data.visit("2026-03-07T23:59");
        data.visit("2026-03-10T14:00");
        data.visit("2026-03-10T14:20");
        data.visit("2026-03-10T14:59");
        data.visit("2026-03-10T14:30", "cancelled");
        data.visit("2026-03-10T14:40", "entered-in-error");
        // the period's edges: the last minute of the last day is in, a minute before the first day and the day after are out
        data.visit("2026-03-15T23:59");
        data.visit("2026-03-01T23:59");
        data.visit("2026-03-16T00:00");

        DemandProfile profile = as(Role.PRACTICE_ADMIN, () -> profiles.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 15)));

        assertThat(profile.zone()).isEqualTo(CHICAGO);
        assertThat(profile.weeks()).isEqualTo(2.0);
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, MON, 9)).isEqualTo(1.0);
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, MON, 8)).isZero();
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, MON, 10)).isZero();
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, SUN, 3)).isEqualTo(0.5);
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, SUN, 2)).isZero();
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, SAT, 23)).isEqualTo(0.5);
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, TUE, 14)).isEqualTo(1.5);
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, SUN, 23)).isEqualTo(0.5);
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, MON, 0)).isZero();
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, SUN, 0)).isZero();
        // eight visits counted in two weeks
        assertThat(total(profile, DemandKind.PRIMARY_CARE_VISITS)).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void theRepeatedHourOfTheAutumnChangeCountsTwiceInItsCell() {
        // Sunday 1 November 2026: 1:30 daylight time (06:30 UTC) and 1:30 standard time (07:30 UTC)
        data.visitAtInstant(java.time.Instant.parse("2026-11-01T06:30:00Z"));
        data.visitAtInstant(java.time.Instant.parse("2026-11-01T07:30:00Z"));
        data.visitAtInstant(java.time.Instant.parse("2026-11-01T08:30:00Z"));

        DemandProfile profile = as(Role.BHC, () -> profiles.of(LocalDate.of(2026, 10, 26), LocalDate.of(2026, 11, 1)));

        assertThat(profile.weeks()).isEqualTo(1.0);
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, SUN, 1)).isEqualTo(2.0);
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, SUN, 2)).isEqualTo(1.0);
    }

    @Test
    void positiveScreensCountCompletedPositiveResponsesOnly() {
        data.screen("2026-03-03T10:05", "completed", true);
        data.screen("2026-03-10T10:55", "completed", true);
        data.screen("2026-03-10T10:30", "completed", false);
        data.screen("2026-03-10T10:40", "in-progress", null);
        data.screen("2026-03-12T16:00", "completed", true);

        DemandProfile profile = as(Role.PCP, () -> profiles.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 15)));

        assertThat(profile.at(DemandKind.POSITIVE_SCREENS, TUE, 10)).isEqualTo(1.0);
        assertThat(profile.at(DemandKind.POSITIVE_SCREENS, 3, 16)).isEqualTo(0.5);
        assertThat(total(profile, DemandKind.POSITIVE_SCREENS)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void handoffRequestsComeFromTheHandoffModulesDemandSource() {
        data.handoff("2026-03-02T10:05");
        data.handoff("2026-03-09T10:55");
        data.handoff("2026-03-11T14:30");
        data.handoff("2026-03-16T10:00");

        DemandProfile profile = as(Role.BHC, () -> profiles.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 15)));

        assertThat(profile.perWeek()).containsOnlyKeys(DemandKind.PRIMARY_CARE_VISITS, DemandKind.POSITIVE_SCREENS,
                DemandKind.HANDOFF_REQUESTS);
        assertThat(profile.at(DemandKind.HANDOFF_REQUESTS, MON, 10)).isEqualTo(1.0);
        assertThat(profile.at(DemandKind.HANDOFF_REQUESTS, 2, 14)).isEqualTo(0.5);
        assertThat(total(profile, DemandKind.HANDOFF_REQUESTS)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void averagesDivideByTheWeeksOfAPeriodThatIsNotWholeWeeks() {
        data.visit("2026-03-02T09:15");
        data.visit("2026-03-09T09:15");
        data.visit("2026-03-11T15:00");

        DemandProfile profile = as(Role.FRONT_DESK, () -> profiles.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 11)));

        assertThat(profile.weeks()).isCloseTo(10 / 7.0, within(1e-12));
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, MON, 9)).isCloseTo(2 / (10 / 7.0), within(1e-12));
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, 2, 15)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void anotherPracticesDemandIsNotCounted() {
        PracticeFixture other = PracticeFixture.create(practices, "Other demand practice");
        DemandTestData otherData = new DemandTestData(context, other.id(), CHICAGO);
        otherData.visit("2026-03-02T09:15");
        otherData.screen("2026-03-02T09:20", "completed", true);
        data.visit("2026-03-02T11:00");

        DemandProfile profile = as(Role.PRACTICE_ADMIN, () -> profiles.of(LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 8)));

        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, MON, 9)).isZero();
        assertThat(profile.at(DemandKind.PRIMARY_CARE_VISITS, MON, 11)).isEqualTo(1.0);
        assertThat(total(profile, DemandKind.POSITIVE_SCREENS)).isZero();
    }

    @Test
    void onlyStaffOfThePracticeReadTheProfileAndThePeriodMustMakeSense() {
        LocalDate from = LocalDate.of(2026, 3, 2);
        assertThatThrownBy(() -> as(Role.PRACTICE_ADMIN, () -> profiles.of(from, from.minusDays(1))))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("before its first day");
        assertThatThrownBy(() -> as(Role.PRACTICE_ADMIN, () -> profiles.of(from, from.plusYears(4))))
                .isInstanceOf(InvalidScheduleData.class).hasMessageContaining("at most");
        Actor facilitator = new Actor("support-1", "facilitator@example.org", Actor.Kind.USER, null, Set.of(Role.FACILITATOR),
                Channel.WEB, null);
        assertThatThrownBy(() -> actors.runAs(facilitator, () -> profiles.of(from, from.plusDays(6))))
                .isInstanceOf(AccessDeniedException.class);
        Actor patient = Actor.patient(UUID.randomUUID(), practice.id(), "link-1");
        assertThatThrownBy(() -> actors.runAs(patient, () -> profiles.of(from, from.plusDays(6))))
                .isInstanceOf(AccessDeniedException.class);
    }

    private <T> T as(Role role, java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(role), work);
    }

    static double total(DemandProfile profile, DemandKind kind) {
        double total = 0;
        for (int day = 0; day < 7; day++) {
            for (int hour = 0; hour < 24; hour++) {
                total += profile.at(kind, day, hour);
            }
        }
        return total;
    }
}
