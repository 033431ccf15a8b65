package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.tandem.patient.ClinicalFact;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/** Storing responses: QuestionnaireResponse, Observations and safety alerts in one transaction. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ScreeningsIntegrationTests {

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    ClinicalFacts facts;
    @Autowired
    Screenings screenings;
    @Autowired
    SafetyAlerts alerts;
    @Autowired
    ScreeningProgram program;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;

    PracticeFixture practice;
    PatientRecord adult;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Screening practice");
        adult = actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, null, "Okafor", "Ada",
                LocalDate.of(1980, 3, 2), AdministrativeSex.FEMALE, "en", null, null)));
    }

    @Test
    void phq9WithItem9StoresResponseObservationsAndAnActiveAlert() {
        ScreeningResult result = submit(Instruments.PHQ_9, phq9(1, 1, 1, 1, 1, 1, 1, 1, 1));

        assertThat(result.score().total()).isEqualTo(9);
        assertThat(result.score().positive()).isFalse();
        assertThat(result.alert()).isPresent();
        assertThat(result.observationIds()).hasSize(2);
        List<ClinicalFact> observations = actors.runAs(practice.actor(Role.BHC), () -> facts.of(adult.id(), "Observation"));
        assertThat(observations).extracting(ClinicalFact::code).containsExactlyInAnyOrder("44261-6", Screenings.CMS2_ADULT);
        ClinicalFact cms2 = observations.stream().filter(f -> f.code().equals(Screenings.CMS2_ADULT)).findFirst().orElseThrow();
        assertThat(cms2.valueCode()).isEqualTo(Screenings.DEPRESSION_SCREEN_NEGATIVE);
        ClinicalFact total = observations.stream().filter(f -> f.code().equals("44261-6")).findFirst().orElseThrow();
        assertThat(total.valueQuantity()).isEqualByComparingTo("9");
        assertThat(total.rawJson()).contains("\"valueInteger\":9").contains("QuestionnaireResponse/" + result.response().id());

        SafetyAlert alert = actors.runAs(practice.actor(Role.BHC), () -> alerts.get(result.alert().orElseThrow()));
        assertThat(alert.status()).isEqualTo("active");
        assertThat(alert.rules()).containsExactly("phq-9-item-9");
        assertThat(alert.steps()).extracting(SafetyAlert.Step::step).containsExactly("raised");
    }

    @Test
    void alertIsAcknowledgedByANamedClinicianAndClosedOnlyWithAnAssessment() {
        ScreeningResult result = submit(Instruments.PHQ_9, phq9(3, 3, 3, 3, 3, 3, 3, 3, 2));
        var id = result.alert().orElseThrow();

        assertThatThrownBy(() -> actors.runAs(practice.actor(Role.BHC), () -> alerts.acknowledge(id)))
                .isInstanceOf(AccessDeniedException.class);
        SafetyAlert acknowledged = actors.runAs(practice.user(Role.BHC), () -> alerts.acknowledge(id));
        assertThat(acknowledged.status()).isEqualTo("acknowledged");
        assertThat(acknowledged.acknowledgedBy()).isNotBlank();
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.PCP), () -> alerts.acknowledge(id)))
                .isInstanceOf(SafetyAlerts.AlertConflict.class).hasMessageContaining("already acknowledged");

        assertThatThrownBy(() -> actors.runAs(practice.user(Role.BHC), () -> alerts.close(id,
                new RiskAssessment(RiskAssessment.Level.HIGH, " ", true, true)))).isInstanceOf(InvalidResponse.class);
        SafetyAlert closed = actors.runAs(practice.user(Role.BHC), () -> alerts.close(id,
                new RiskAssessment(RiskAssessment.Level.HIGH, "Same-day psychiatric evaluation; family informed", true, true)));
        assertThat(closed.status()).isEqualTo("closed");
        assertThat(closed.assessment().level()).isEqualTo(RiskAssessment.Level.HIGH);
        assertThat(closed.steps()).extracting(SafetyAlert.Step::step).containsExactly("raised", "acknowledged", "assessed", "closed");
    }

    @Test
    void unacknowledgedAlertEscalatesAfterThePracticesTime() {
        ScreeningResult result = submit(Instruments.PHQ_9, phq9(0, 0, 0, 0, 0, 0, 0, 0, 1));
        jdbc.update("UPDATE safety_alert SET raised_at = raised_at - INTERVAL '16' MINUTE WHERE id = ?", result.alert().orElseThrow());
        List<java.util.UUID> escalated = actors.runAs(practice.actor(Role.BHC), () -> alerts.escalateOverdue());
        assertThat(escalated).containsExactly(result.alert().orElseThrow());
        assertThat(actors.runAs(practice.actor(Role.BHC), () -> alerts.escalateOverdue())).isEmpty();
        SafetyAlert alert = actors.runAs(practice.actor(Role.BHC), () -> alerts.get(result.alert().orElseThrow()));
        assertThat(alert.escalatedAt()).isNotNull();
        assertThat(alert.status()).isEqualTo("active");
    }

    @Test
    void incompleteResponseIsStoredWithoutATotalOrObservations() {
        Map<String, Answer> answers = phq9(1, 1, 1, 1, 1, 1, 1, 1, 0);
        answers.remove("44253-3");
        ScreeningResult result = submit(Instruments.PHQ_9, answers);
        assertThat(result.response().status()).isEqualTo("in-progress");
        assertThat(result.response().total()).isNull();
        assertThat(result.observationIds()).isEmpty();
        assertThat(result.alert()).isEmpty();
    }

    @Test
    void invalidAnswerStoresNothing() {
        Map<String, Answer> answers = phq9(1, 1, 1, 1, 1, 1, 1, 1, 1);
        answers.put("44250-9", Answer.loinc("LA9999-9"));
        assertThatThrownBy(() -> submit(Instruments.PHQ_9, answers)).isInstanceOf(InvalidResponse.class)
                .hasMessageContaining("LA9999-9");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM screening_response WHERE patient_id = ?", Integer.class,
                adult.id().value())).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM safety_alert WHERE patient_id = ?", Integer.class,
                adult.id().value())).isZero();
    }

    @Test
    void frontDeskMayNotRecordScreenings() {
        assertThatThrownBy(() -> actors.runAs(practice.actor(Role.FRONT_DESK), () -> screenings.submit(new ScreeningSubmission(
                null, adult.id(), null, null, Instruments.PHQ_2, phq9(0, 0), ScreeningSubmission.Mode.STAFF, "en", null))))
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void importedResultsCountInTheHistory() {
        ScreeningResult own = submit(Instruments.PHQ_2, phq9(2, 1));
        assertThat(own.score().positive()).isTrue();
        assertThat(own.score().followOn()).isEqualTo(Instruments.PHQ_9);
        actors.runAs(practice.actor(Role.PCP), () -> facts.save(new org.tandem.patient.ClinicalFactDetails("Observation", "synthea-gad7",
                adult.id(), "http://loinc.org", "70274-6", "GAD-7 total", List.of(), "final", java.time.Instant.parse("2025-01-02T10:00:00Z"),
                null, new java.math.BigDecimal("12"), "{score}", null, null, null, "{}")));
        List<ScreeningEvent> history = actors.runAs(practice.actor(Role.BHC), () -> screenings.history(adult.id()));
        assertThat(history).extracting(ScreeningEvent::instrument).containsExactly(Instruments.PHQ_2, Instruments.GAD_7);
        ScreeningEvent gad = history.get(1);
        assertThat(gad.imported()).isTrue();
        assertThat(gad.total()).isEqualTo(12);
        assertThat(gad.band()).isEqualTo("moderate");
        assertThat(gad.positive()).isTrue();
    }

    private ScreeningResult submit(String instrument, Map<String, Answer> answers) {
        return actors.runAs(practice.actor(Role.MEDICAL_ASSISTANT), () -> screenings.submit(new ScreeningSubmission(null, adult.id(),
                null, null, instrument, answers, ScreeningSubmission.Mode.STAFF, "en", null)));
    }

    static Map<String, Answer> phq9(int... scores) {
        Map<String, Answer> answers = new HashMap<>();
        for (int i = 0; i < scores.length; i++) {
            answers.put(Instruments.PHQ9_ITEMS.get(i), Answer.loinc(Instruments.FREQUENCY_0_3.get(scores[i]).code().code()));
        }
        return answers;
    }
}
