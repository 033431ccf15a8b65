package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;

/**
 * Handoff metrics over requests made through the {@link Handoffs} facade (not rows written by the test): one handoff
 * accepted and completed by the one available BHC, one requested when nobody was available.
 */
@SpringBootTest
class HandoffMetricsFacadeTests {

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    CurrentActor actors;
    @Autowired
    Handoffs handoffs;
    @Autowired
    Availability availability;
    @Autowired
    HandoffMetrics metrics;

    @Test
    void handoffsMadeThroughTheFacadeAreCountedAsTheyWent() {
        HandoffTestPractice practice = new HandoffTestPractice(practices, patients, actors, "Metrics facade practice");
        UUID dana = practice.bhc("Dana Rivera");
        PatientRecord patient = practice.patient("Quintero");
        practice.as(dana, () -> availability.set(PresenceState.AVAILABLE));
        Handoff first = practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(patient.id(), HandoffReason.POSITIVE_SCREEN,
                Urgency.NOW, "Room 3", null, null, null)));
        practice.as(dana, () -> handoffs.accept(first.id()));
        practice.as(dana, () -> handoffs.complete(first.id(), 20, BriefIntervention.BRIEF_INTERVENTION, null));
        practice.as(dana, () -> availability.set(PresenceState.OFF));
        Handoff second = practice.as(Role.PCP, () -> handoffs.request(new HandoffRequest(patient.id(), HandoffReason.DISTRESS,
                Urgency.TODAY, "Room 4", null, null, null)));
        assertThat(second.offeredCount()).isZero();

        LocalDate today = LocalDate.now(ZoneId.of("America/Chicago"));
        HandoffMetricsReport report = practice.as(Role.PRACTICE_ADMIN,
                () -> metrics.report(new HandoffMetricsReport.Filter(today.minusDays(6), today, null, null)));

        HandoffMetricsReport.Counts total = report.total();
        assertThat(List.of(total.requests(), total.accepted(), total.completed(), total.missed())).containsExactly(2, 1, 1, 1);
        assertThat(total.medianSecondsToAccept()).isBetween(0.0, 60.0);
        assertThat(report.byClinician()).extracting(HandoffMetricsReport.Row::label).containsExactly("Dana Rivera");
        assertThat(report.byRequester()).extracting(HandoffMetricsReport.Row::label).containsExactly("Test PCP");
        assertThat(report.byReason()).extracting(HandoffMetricsReport.Row::key).containsExactly("positive-screen", "distress");
        assertThat(report.byReason().get(1).counts().missed()).isEqualTo(1);
    }
}
