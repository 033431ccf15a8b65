package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.security.access.AccessDeniedException;
import org.tandem.patient.InvalidPatientData;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/**
 * Handoff metrics over stored requests (H2 and PostgreSQL), two weeks in America/Chicago from Monday 2 March 2026, every
 * figure computed by hand:
 * <pre>
 *     when (local)     requester        reason               offered  fate
 * r1  Mon 2  09:10     Dr. Avery        positive-screen      2        accepted by Xena after 60 s, completed
 * r2  Mon 2  09:40     Dr. Avery        distress             1        accepted by Xena after 180 s, completed
 * r3  Tue 3  14:05     Dr. Brooks       positive-screen      1        accepted by Yuri after 120 s, patient declined
 * r4  Wed 4  10:00     MA for Avery     substance-use        0        escalated, never accepted            (missed)
 * r5  Mon 9  09:20     Dr. Brooks       distress             2        escalated, never accepted            (missed)
 * r6  Tue 10 11:00     Dr. Brooks       other                3        cancelled (patient left), not escalated
 * r7  Wed 11 15:30     Dr. Avery        positive-screen      1        accepted by Yuri after 300 s, converted to a visit
 * r8  Thu 12 16:00     Dr. Avery        distress             1        closed as not available, not escalated (missed)
 * r9  Fri 13 08:00     Dr. Brooks       medication-question  0        accepted by Xena after 30 s (widened)
 *     Mon 16 00:00     Dr. Avery        other                         after the period
 * </pre>
 */
@SpringBootTest
class HandoffMetricsIntegrationTests {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final LocalDate FROM = LocalDate.of(2026, 3, 2);
    static final LocalDate TO = LocalDate.of(2026, 3, 15);

    @Autowired
    Practices practices;
    @Autowired
    HandoffMetrics metrics;
    @Autowired
    CurrentActor actors;
    @Autowired
    ApplicationContext context;

    PracticeFixture practice;
    UUID avery = UUID.randomUUID();
    UUID brooks = UUID.randomUUID();
    UUID assistant = UUID.randomUUID();
    UUID xena = UUID.randomUUID();
    UUID yuri = UUID.randomUUID();

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Metrics practice");
        HandoffRows rows = new HandoffRows(context, practice.id(), CHICAGO);
        rows.request("2026-03-02T09:10", avery, "Dr. Avery", "positive-screen", 2).acceptedAfter(60, xena, "Xena BHC")
                .closed("completed", "completed").insert();
        rows.request("2026-03-02T09:40", avery, "Dr. Avery", "distress", 1).acceptedAfter(180, xena, "Xena BHC")
                .closed("completed", "completed").insert();
        rows.request("2026-03-03T14:05", brooks, "Dr. Brooks", "positive-screen", 1).acceptedAfter(120, yuri, "Yuri BHC")
                .closed("rejected", "declined").insert();
        rows.request("2026-03-04T10:00", assistant, "Mo Assistant", "substance-use", 0).onBehalfOf(avery).escalated().insert();
        rows.request("2026-03-09T09:20", brooks, "Dr. Brooks", "distress", 2).escalated().insert();
        rows.request("2026-03-10T11:00", brooks, "Dr. Brooks", "other", 3).closed("cancelled", "left").insert();
        rows.request("2026-03-11T15:30", avery, "Dr. Avery", "positive-screen", 1).acceptedAfter(300, yuri, "Yuri BHC")
                .closed("completed", "converted").insert();
        rows.request("2026-03-12T16:00", avery, "Dr. Avery", "distress", 1).closed("rejected", "not-available").insert();
        rows.request("2026-03-13T08:00", brooks, "Dr. Brooks", "medication-question", 0).acceptedAfter(30, xena, "Xena BHC")
                .insert();
        rows.request("2026-03-16T00:00", avery, "Dr. Avery", "other", 1).insert();
        // another practice's request at the same time is not counted
        PracticeFixture other = PracticeFixture.create(practices, "Other metrics practice");
        new HandoffRows(context, other.id(), CHICAGO).request("2026-03-02T09:10", avery, "Dr. Avery", "distress", 0).insert();
    }

    HandoffMetricsReport report(Role role, HandoffReason reason, UUID requester) {
        return actors.runAs(practice.user(role), () -> metrics.report(new HandoffMetricsReport.Filter(FROM, TO, reason, requester)));
    }

    @Test
    void totalsCountAcceptedCompletedAndMissedWithTheExactMedianOfAnOddNumber() {
        HandoffMetricsReport report = report(Role.PRACTICE_ADMIN, null, null);

        HandoffMetricsReport.Counts total = report.total();
        assertThat(total.requests()).isEqualTo(9);
        assertThat(total.accepted()).isEqualTo(5);
        assertThat(total.completed()).isEqualTo(2);
        assertThat(total.missed()).as("r4 nobody available, r5 escalated, r8 not available").isEqualTo(3);
        // 30, 60, 120, 180, 300 seconds: 120
        assertThat(total.medianSecondsToAccept()).isEqualTo(120.0);
        assertThat(total.medianMinutesToAccept()).isEqualTo(2.0);
        assertThat(total.acceptanceRate()).isEqualTo(5 / 9.0);
        assertThat(report.zone()).isEqualTo(CHICAGO);
    }

    @Test
    void weeksRunMondayToSundayAndAnEvenNumberTakesTheMeanOfTheMiddleTwo() {
        HandoffMetricsReport report = report(Role.BHC, null, null);

        assertThat(report.byWeek()).extracting(HandoffMetricsReport.Row::key).containsExactly("2026-03-02", "2026-03-09");
        HandoffMetricsReport.Counts first = report.byWeek().get(0).counts();
        assertThat(List.of(first.requests(), first.accepted(), first.completed(), first.missed())).containsExactly(4, 3, 2, 1);
        assertThat(first.medianSecondsToAccept()).isEqualTo(120.0);
        HandoffMetricsReport.Counts second = report.byWeek().get(1).counts();
        assertThat(List.of(second.requests(), second.accepted(), second.completed(), second.missed())).containsExactly(5, 2, 0, 2);
        // 30 and 300 seconds: 165 s = 2.75 min
        assertThat(second.medianSecondsToAccept()).isEqualTo(165.0);
        assertThat(second.medianMinutesToAccept()).isEqualTo(2.75);
    }

    @Test
    void hoursAreLocalToThePractice() {
        HandoffMetricsReport report = report(Role.PCP, null, null);

        assertThat(report.byHour()).hasSize(24);
        HandoffMetricsReport.Counts nine = report.byHour().get(9).counts();
        assertThat(report.byHour().get(9).label()).isEqualTo("09:00");
        assertThat(List.of(nine.requests(), nine.accepted(), nine.missed())).containsExactly(3, 2, 1);
        assertThat(nine.medianSecondsToAccept()).isEqualTo(120.0);
        assertThat(report.byHour().get(8).counts().requests()).isEqualTo(1);
        assertThat(report.byHour().get(14).counts().requests()).isEqualTo(1);
        assertThat(report.byHour().get(16).counts().missed()).isEqualTo(1);
        assertThat(report.byHour().stream().mapToInt(r -> r.counts().requests()).sum()).isEqualTo(9);
    }

    @Test
    void byAcceptingClinicianReasonAndRequester() {
        HandoffMetricsReport report = report(Role.CARE_MANAGER, null, null);

        assertThat(report.byClinician()).extracting(HandoffMetricsReport.Row::label).containsExactly("Xena BHC", "Yuri BHC");
        HandoffMetricsReport.Counts xenaCounts = report.byClinician().get(0).counts();
        assertThat(List.of(xenaCounts.accepted(), xenaCounts.completed())).containsExactly(3, 2);
        assertThat(xenaCounts.medianSecondsToAccept()).isEqualTo(60.0);
        assertThat(report.byClinician().get(1).counts().medianSecondsToAccept()).isEqualTo(210.0);
        assertThat(report.byClinician().get(1).key()).isEqualTo(yuri.toString());

        assertThat(report.byReason()).extracting(HandoffMetricsReport.Row::key)
                .containsExactly("positive-screen", "distress", "substance-use", "medication-question", "other");
        HandoffMetricsReport.Counts distress = report.byReason().get(1).counts();
        assertThat(List.of(distress.requests(), distress.accepted(), distress.completed(), distress.missed()))
                .containsExactly(3, 1, 1, 2);
        assertThat(report.byReason().get(0).counts().acceptanceRate()).isEqualTo(1.0);

        // the MA's request on behalf of Dr. Avery is Dr. Avery's
        assertThat(report.byRequester()).extracting(HandoffMetricsReport.Row::label).containsExactly("Dr. Avery", "Dr. Brooks");
        HandoffMetricsReport.Counts averyCounts = report.byRequester().get(0).counts();
        assertThat(List.of(averyCounts.requests(), averyCounts.accepted(), averyCounts.completed(), averyCounts.missed()))
                .containsExactly(5, 3, 2, 2);
        assertThat(averyCounts.medianSecondsToAccept()).isEqualTo(180.0);
        HandoffMetricsReport.Counts brooksCounts = report.byRequester().get(1).counts();
        assertThat(List.of(brooksCounts.requests(), brooksCounts.accepted(), brooksCounts.missed())).containsExactly(4, 2, 1);
        assertThat(brooksCounts.medianSecondsToAccept()).isEqualTo(75.0);
        assertThat(brooksCounts.medianMinutesToAccept()).isEqualTo(1.25);
    }

    @Test
    void filtersByReasonAndByRequestingClinician() {
        HandoffMetricsReport distress = report(Role.PRACTICE_ADMIN, HandoffReason.DISTRESS, null);
        assertThat(distress.total().requests()).isEqualTo(3);
        assertThat(distress.byReason()).extracting(HandoffMetricsReport.Row::key).containsExactly("distress");

        HandoffMetricsReport avery = report(Role.PRACTICE_ADMIN, null, this.avery);
        assertThat(avery.total().requests()).isEqualTo(5);
        assertThat(avery.total().missed()).isEqualTo(2);

        HandoffMetricsReport both = report(Role.PRACTICE_ADMIN, HandoffReason.DISTRESS, this.avery);
        assertThat(both.total().requests()).isEqualTo(2);
        assertThat(both.total().medianSecondsToAccept()).isEqualTo(180.0);
        HandoffMetricsReport nothing = report(Role.PRACTICE_ADMIN, HandoffReason.NEW_DIAGNOSIS, null);
        assertThat(nothing.total().requests()).isZero();
        assertThat(nothing.total().medianSecondsToAccept()).isNull();
        assertThat(nothing.total().acceptanceRate()).isNull();
        assertThat(nothing.byWeek()).hasSize(2);
    }

    @Test
    void onlyAdminsCliniciansAndCareManagersReadMetricsAndThePeriodMustMakeSense() {
        for (Role role : List.of(Role.FRONT_DESK, Role.MEDICAL_ASSISTANT, Role.PSYCHIATRIC_CONSULTANT)) {
            assertThatThrownBy(() -> report(role, null, null)).as(role.name()).isInstanceOf(AccessDeniedException.class);
        }
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.PCP),
                () -> metrics.report(new HandoffMetricsReport.Filter(TO, FROM, null, null))))
                .isInstanceOf(InvalidPatientData.class).hasMessageContaining("before its first day");
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.PCP),
                () -> metrics.report(new HandoffMetricsReport.Filter(FROM, FROM.plusYears(3), null, null))))
                .isInstanceOf(InvalidPatientData.class).hasMessageContaining("at most");
    }
}
