package org.tandem.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.support.TransactionTemplate;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.Encounters;
import org.tandem.patient.Patients;
import org.tandem.platform.CurrentActor;
import org.tandem.practice.Practices;
import org.tandem.screening.SafetyAlerts;
import org.tandem.screening.Screenings;

/** The loader, built by hand in a context that does not load the demo at start-up, meets a database in use. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.MOCK, properties = { "tandem.demo.load=false",
        "spring.datasource.url=jdbc:h2:mem:demo-refusal-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH" })
class DemoPracticeRefusalTest {

    @Autowired Practices practices;
    @Autowired Patients patients;
    @Autowired Encounters encounters;
    @Autowired ClinicalFacts facts;
    @Autowired Screenings screenings;
    @Autowired SafetyAlerts alerts;
    @Autowired org.tandem.registry.Episodes episodes;
    @Autowired org.tandem.registry.TimeLog timeLog;
    @Autowired org.tandem.registry.RegistryResults results;
    @Autowired org.tandem.registry.CaseReviews reviews;
    @Autowired CurrentActor actors;
    @Autowired org.tandem.scheduling.Templates templates;
    @Autowired org.tandem.scheduling.Schedules schedules;
    @Autowired org.tandem.scheduling.Appointments appointments;
    @Autowired org.tandem.handoff.HandoffRecords handoffRecords;
    @Autowired TransactionTemplate transactions;
    @Autowired Clock clock;

    @Test
    void refusesADatabaseThatHoldsAnotherPractice() {
        practices.createPractice("Lakeview Pediatrics", ZoneId.of("America/Chicago"));
        DemoPractice loader = new DemoPractice(practices, patients, encounters, facts, screenings, alerts, episodes, timeLog, results, reviews,
                templates, schedules, appointments, handoffRecords, actors, transactions, clock, 5, 2, 1L);

        assertThatThrownBy(() -> loader.run(null)).isInstanceOf(DemoDataRefused.class)
                .hasMessageContaining("already holds practices");

        assertThat(practices.findByName(DemoPractice.PRACTICE)).isEmpty();
        assertThat(practices.allIds()).hasSize(1);
    }
}
