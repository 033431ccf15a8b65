package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.EncounterDetails;
import org.tandem.patient.Encounters;
import org.tandem.patient.PatientDataChanged;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;
import org.tandem.practice.Practices;
import org.tandem.screening.Answer;
import org.tandem.screening.FollowUp;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.PracticeFixture;

/**
 * The measures over Tandem's own data: a PHQ-9 given in Tandem and a follow-up documented in Tandem count for CMS2;
 * documenting the follow-up drops the cached population; rows stored before the population columns existed are read
 * from their raw data with the same result; a population evaluation is one audit entry.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK)
class MeasuresIntegrationTests {

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Encounters encounters;
    @Autowired
    Screenings screenings;
    @Autowired
    Measures measures;
    @Autowired
    CurrentActor actors;
    @Autowired
    TenantJdbc jdbc;

    PracticeFixture practice;
    PatientRecord adult;
    MeasurePeriod year;

    @BeforeEach
    void setUp() {
        practice = PracticeFixture.create(practices, "Measures practice");
        ZoneId zone = practices.zoneOf(practice.id());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = now.atZone(zone).toLocalDate();
        // Everything happens now (documenting a follow-up is dated by the clock): a period around today.
        year = new MeasurePeriod(today.minusDays(180), today.plusDays(180));
        adult = actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, null, "Okafor", "Ada",
                LocalDate.of(1980, 3, 2), AdministrativeSex.FEMALE, "en", null, null)));
        // An office visit now (CPT 99213 is in "Encounter to Screen for Depression"), around the time of the screen.
        Instant start = now.minusSeconds(900);
        actors.runAs(practice.actor(Role.PCP), () -> encounters.create(UUID.randomUUID(), new EncounterDetails(adult.id(), "finished",
                "AMB", "http://www.ama-assn.org/go/cpt", "99213", "Office visit", start, now.plusSeconds(900),
                practice.accounts().get(Role.PCP), null, null)));
    }

    @Test
    void tandemsOwnPositivePhq9AndDocumentedFollowUpCountForCms2AndDropTheCache() {
        ScreeningResult result = actors.runAs(practice.actor(Role.MEDICAL_ASSISTANT), () -> screenings.submit(new ScreeningSubmission(
                null, adult.id(), null, null, Instruments.PHQ_9, phq9(2, 2, 2, 2, 2, 0, 0, 0, 0), ScreeningSubmission.Mode.STAFF, "en", null)));
        assertThat(result.score().positive()).isTrue();

        MeasureEvaluation before = actors.runAs(practice.actor(Role.PCP), () -> measures.evaluate(EcqmCatalog.CMS2, year));
        assertThat(before.count(Population.INITIAL_POPULATION)).isEqualTo(1);
        assertThat(before.count(Population.DENOMINATOR)).isEqualTo(1);
        assertThat(before.count(Population.NUMERATOR)).isZero();
        assertThat(before.subjects()).singleElement().satisfies(s -> {
            assertThat(s.patientId()).isEqualTo(adult.id().value());
            assertThat(s.clinicianId()).isEqualTo(practice.accounts().get(Role.PCP));
        });

        actors.runAs(practice.actor(Role.BHC), () -> screenings.documentFollowUp(result.response().id(), FollowUp.WARM_HANDOFF, null));
        MeasureEvaluation after = actors.runAs(practice.actor(Role.PCP), () -> measures.evaluate(EcqmCatalog.CMS2, year));
        assertThat(after.count(Population.NUMERATOR)).isEqualTo(1);
        MeasureEvaluation subject = actors.runAs(practice.actor(Role.PCP),
                () -> measures.evaluate(EcqmCatalog.CMS2, year, adult.id()));
        assertThat(subject.count(Population.NUMERATOR)).isEqualTo(1);
    }

    @Test
    void rowsStoredBeforeThePopulationColumnsAreReadFromTheirRawDataAlike() {
        actors.runAs(practice.actor(Role.MEDICAL_ASSISTANT), () -> screenings.submit(new ScreeningSubmission(null, adult.id(), null,
                null, Instruments.PHQ_9, phq9(0, 0, 1, 0, 0, 0, 0, 0, 0), ScreeningSubmission.Mode.STAFF, "en", null)));
        MeasureEvaluation columns = actors.runAs(practice.actor(Role.PCP), () -> measures.evaluate(EcqmCatalog.CMS2, year));
        assertThat(columns.count(Population.NUMERATOR)).isEqualTo(1);

        TenantJdbc.Scoped sql = jdbc.forPractice(practice.id());
        sql.update("UPDATE patient SET population_fields = NULL, deceased = NULL WHERE practice_id = :practiceId", Map.of());
        sql.update("UPDATE encounter SET population_fields = NULL, type_codings = NULL, period_start_text = NULL, "
                + "period_end_text = NULL WHERE practice_id = :practiceId", Map.of());
        sql.update("UPDATE clinical_fact SET population_fields = NULL, codings = NULL, value_codings = NULL, has_value = NULL, "
                + "timing_kind = NULL, timing_start = NULL, timing_end = NULL WHERE practice_id = :practiceId", Map.of());
        measures.on(new PatientDataChanged(practice.id()));

        MeasureEvaluation legacy = actors.runAs(practice.actor(Role.PCP), () -> measures.evaluate(EcqmCatalog.CMS2, year));
        assertThat(legacy.counts()).isEqualTo(columns.counts());
    }

    @Test
    void aPopulationEvaluationIsOneAuditEntryCachedOrNot() {
        int first = auditedPopulationReads();
        actors.runAs(practice.actor(Role.PCP), () -> measures.evaluate(EcqmCatalog.CMS2, year));
        assertThat(auditedPopulationReads()).isEqualTo(first + 1);
        actors.runAs(practice.actor(Role.PCP), () -> measures.evaluate(EcqmCatalog.CMS159, year));
        assertThat(auditedPopulationReads()).isEqualTo(first + 2);
        assertThat(jdbc.forPractice(practice.id()).queryValue("SELECT COUNT(*) FROM audit_event WHERE practice_id = :practiceId "
                + "AND action = 'SEARCH' AND patient_id IS NOT NULL", Map.of(), Integer.class)).isZero();
    }

    private int auditedPopulationReads() {
        return jdbc.forPractice(practice.id()).queryValue("SELECT COUNT(*) FROM audit_event WHERE practice_id = :practiceId "
                + "AND resource_type = 'Population'", Map.of(), Integer.class);
    }

    /** PHQ-9 item linkIds (LOINC 44250-9..) and the LOINC answers 0-3 (LA6568-5 Not at all .. LA6571-9 Nearly every day). */
    static final List<String> PHQ9_ITEMS = List.of("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5",
            "44253-3", "44260-8");
    static final List<String> FREQUENCY = List.of("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9");

    static Map<String, Answer> phq9(int... scores) {
        Map<String, Answer> answers = new HashMap<>();
        for (int i = 0; i < scores.length; i++) {
            answers.put(PHQ9_ITEMS.get(i), Answer.loinc(FREQUENCY.get(scores[i])));
        }
        return answers;
    }
}
