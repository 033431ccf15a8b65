package org.tandem.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.testsupport.PracticeFixture;

/**
 * Practice-wide queries for population features: only the caller's practice's data, the access policy first, and one
 * audit entry per call instead of one per patient.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PatientBulkQueryTests {

    static final String LOINC = "http://loinc.org";
    static final String PHQ9 = "44261-6";
    static final Instant MARCH = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant APRIL = Instant.parse("2025-04-01T00:00:00Z");

    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Encounters encounters;
    @Autowired
    ClinicalFacts facts;
    @Autowired
    CurrentActor actors;
    @Autowired
    DataSource dataSource;

    PracticeFixture here;
    PracticeFixture there;

    @BeforeEach
    void setUp() {
        here = PracticeFixture.create(practices, "Bulk practice");
        there = PracticeFixture.create(practices, "Other bulk practice");
    }

    @Test
    void encountersBetweenAreThePracticesVisitsStartingInTheHalfOpenPeriodOldestFirst() {
        PatientRecord ana = register(here, "Alvarez");
        PatientRecord ben = register(here, "Baptiste");
        EncounterRecord tenth = visit(here, ana, Instant.parse("2025-03-10T15:00:00Z"));
        EncounterRecord firstAfternoon = visit(here, ben, Instant.parse("2025-03-01T15:00:00Z"));
        EncounterRecord firstMidnight = visit(here, ben, MARCH);
        visit(here, ana, APRIL);
        visit(here, ana, MARCH.minusSeconds(1));
        visit(there, register(there, "Castillo"), Instant.parse("2025-03-05T12:00:00Z"));

        long seq = lastSeq(here);
        List<EncounterRecord> found = actors.runAs(here.actor(Role.FRONT_DESK), () -> encounters.between(MARCH, APRIL));

        assertThat(found).extracting(EncounterRecord::id)
                .containsExactly(firstMidnight.id(), firstAfternoon.id(), tenth.id());
        List<Map<String, Object>> audited = auditSince(here, seq);
        assertThat(audited).hasSize(1);
        assertSearchEntry(audited.get(0), "Encounter", "3 encounters between 2025-03-01T00:00:00Z and 2025-04-01T00:00:00Z");
    }

    @Test
    void patientsByIdsAreOnlyThePracticesPatientsAcrossSeveralInLists() {
        PatientRecord ana = register(here, "Alvarez");
        PatientRecord ben = register(here, "Baptiste");
        PatientRecord cy = register(here, "Chen");
        PatientRecord elsewhere = register(there, "Dubois");
        List<PatientId> ids = new ArrayList<>();
        ids.add(ben.id());
        ids.add(elsewhere.id());
        for (int i = 0; i < 1200; i++) {
            ids.add(new PatientId(UUID.randomUUID()));
            if (i == 700) {
                ids.add(ana.id());
            }
        }
        ids.add(cy.id());
        ids.add(ben.id());

        long seq = lastSeq(here);
        Map<PatientId, PatientRecord> found = actors.runAs(here.actor(Role.MEDICAL_ASSISTANT), () -> patients.byIds(ids));

        assertThat(found.keySet()).containsExactly(ben.id(), ana.id(), cy.id());
        assertThat(found.get(cy.id()).familyName()).isEqualTo("Chen");
        List<Map<String, Object>> audited = auditSince(here, seq);
        assertThat(audited).hasSize(1);
        assertSearchEntry(audited.get(0), "Patient", "3 of 1204 patients by id");
        assertThat(actors.runAs(here.actor(Role.PCP), () -> patients.byIds(List.of()))).isEmpty();
    }

    @Test
    void factsWithCodesMatchTheMainCodeOrAnyCodingInThePeriodOfThisPracticeOnly() {
        PatientRecord ana = register(here, "Alvarez");
        PatientRecord ben = register(here, "Baptiste");
        fact(here, "Observation", "phq9-a", ana, LOINC, PHQ9, List.of(), Instant.parse("2025-03-01T10:00:00Z"));
        fact(here, "Observation", "phq9-b", ben, "urn:local", "PHQ", List.of(new ClinicalFactDetails.Coding("urn:local", "PHQ"),
                new ClinicalFactDetails.Coding(LOINC, PHQ9)), Instant.parse("2025-05-01T10:00:00Z"));
        fact(here, "Observation", "a1c", ana, LOINC, "4548-4", List.of(), Instant.parse("2025-03-02T10:00:00Z"));
        fact(here, "Observation", "phq9-old", ana, LOINC, PHQ9, List.of(), Instant.parse("2024-01-01T10:00:00Z"));
        fact(here, "Observation", "phq9-undated", ben, LOINC, PHQ9, List.of(), null);
        fact(here, "Condition", "loinc-coded-condition", ana, LOINC, PHQ9, List.of(), Instant.parse("2025-03-01T10:00:00Z"));
        fact(there, "Observation", "phq9-a", register(there, "Castillo"), LOINC, PHQ9, List.of(), Instant.parse("2025-03-01T10:00:00Z"));
        Instant from = Instant.parse("2025-01-01T00:00:00Z");
        Instant to = Instant.parse("2026-01-01T00:00:00Z");

        long seq = lastSeq(here);
        List<ClinicalFact> thisYear = actors.runAs(here.actor(Role.BHC),
                () -> facts.withCodes("Observation", LOINC, List.of(PHQ9, "44249-1"), from, to));
        assertThat(thisYear).extracting(ClinicalFact::id).containsExactly("phq9-a", "phq9-b");
        assertThat(thisYear).extracting(ClinicalFact::patient).containsExactly(ana.id(), ben.id());
        List<Map<String, Object>> audited = auditSince(here, seq);
        assertThat(audited).hasSize(1);
        assertSearchEntry(audited.get(0), "Observation", "2 Observation facts with 2 codes of http://loinc.org, "
                + "effective between 2025-01-01T00:00:00Z and 2026-01-01T00:00:00Z");

        List<ClinicalFact> ever = actors.runAs(here.actor(Role.BHC), () -> facts.withCodes("Observation", LOINC, List.of(PHQ9), null, null));
        assertThat(ever).extracting(ClinicalFact::id).containsExactly("phq9-old", "phq9-a", "phq9-b", "phq9-undated");
        List<ClinicalFact> before = actors.runAs(here.actor(Role.BHC), () -> facts.withCodes("Observation", LOINC, List.of(PHQ9), null, from));
        assertThat(before).extracting(ClinicalFact::id).containsExactly("phq9-old");
        List<ClinicalFact> anySystem = actors.runAs(here.actor(Role.BHC), () -> facts.withCodes("Observation", null, List.of("PHQ"), null, null));
        assertThat(anySystem).extracting(ClinicalFact::id).containsExactly("phq9-b");
        assertThat(actors.runAs(here.actor(Role.BHC), () -> facts.withCodes("Observation", LOINC, List.of(), null, null))).isEmpty();

        List<String> valueSet = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            valueSet.add("99999-" + i);
        }
        valueSet.add(1000, PHQ9);
        List<ClinicalFact> chunked = actors.runAs(here.actor(Role.BHC), () -> facts.withCodes("Observation", LOINC, valueSet, null, null));
        assertThat(chunked).extracting(ClinicalFact::id).containsExactly("phq9-old", "phq9-a", "phq9-b", "phq9-undated");
        assertThat(auditSince(here, seq)).hasSize(6);
    }

    @Test
    void aRoleWithoutClinicalAccessIsRefusedFactsWithCodes() {
        fact(here, "Observation", "phq9-a", register(here, "Alvarez"), LOINC, PHQ9, List.of(), MARCH);

        long seq = lastSeq(here);
        assertThatThrownBy(() -> actors.runAs(here.actor(Role.FRONT_DESK),
                () -> facts.withCodes("Observation", LOINC, List.of(PHQ9), null, null)))
                .isInstanceOf(AccessDeniedException.class);

        List<Map<String, Object>> audited = auditSince(here, seq);
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).get("outcome")).isEqualTo("DENIED");
        assertThat(audited.get(0).get("patient_id")).isNull();
    }

    @Test
    void aPracticeWideFactSearchIsRecordedAsASearchOfEachPatientOnThePage() {
        PatientRecord ana = register(here, "Alvarez");
        PatientRecord ben = register(here, "Baptiste");
        fact(here, "Observation", "phq9-a", ana, LOINC, PHQ9, List.of(), MARCH);
        fact(here, "Observation", "phq9-a2", ana, LOINC, PHQ9, List.of(), APRIL);
        fact(here, "Observation", "phq9-b", ben, LOINC, PHQ9, List.of(), MARCH.plusSeconds(60));

        long seq = lastSeq(here);
        PatientPage<ClinicalFact> page = actors.runAs(here.actor(Role.PCP), () -> facts.search(
                new ClinicalFactQuery("Observation", null, LOINC, List.of(PHQ9), null, null, 0, 2)));

        assertThat(page.total()).isEqualTo(3);
        assertThat(page.items()).extracting(ClinicalFact::id).containsExactly("phq9-a2", "phq9-b");
        assertThat(auditSince(here, seq)).extracting(row -> row.get("patient_id"))
                .containsExactlyInAnyOrder(ana.id().value(), ben.id().value());

        seq = lastSeq(here);
        PatientPage<ClinicalFact> ofAna = actors.runAs(here.actor(Role.PCP), () -> facts.search(
                new ClinicalFactQuery("Observation", ana.id(), null, null, MARCH, APRIL, 0, 50)));
        assertThat(ofAna.items()).extracting(ClinicalFact::id).containsExactly("phq9-a");
        List<Map<String, Object>> audited = auditSince(here, seq);
        assertThat(audited).hasSize(1);
        assertThat(audited.get(0).get("patient_id")).isEqualTo(ana.id().value());
        assertThat(audited.get(0).get("action")).isEqualTo("SEARCH");
    }

    private PatientRecord register(PracticeFixture practice, String family) {
        return actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, null, family, "Test",
                LocalDate.of(1980, 1, 1), AdministrativeSex.FEMALE, null, null, null)));
    }

    private EncounterRecord visit(PracticeFixture practice, PatientRecord patient, Instant start) {
        return actors.runAs(practice.actor(Role.PCP), () -> encounters.create(UUID.randomUUID(), new EncounterDetails(patient.id(),
                "finished", "AMB", null, null, null, start, start.plus(Duration.ofMinutes(30)), null, null, null)));
    }

    private void fact(PracticeFixture practice, String type, String id, PatientRecord patient, String system, String code,
            List<ClinicalFactDetails.Coding> codings, Instant start) {
        actors.runAs(practice.actor(Role.PCP), () -> facts.save(new ClinicalFactDetails(type, id, patient.id(), system, code,
                null, codings, "final", start, null, null, null, null, null, null, "{\"resourceType\":\"" + type + "\"}")));
    }

    private long lastSeq(PracticeFixture practice) {
        Long seq = new JdbcTemplate(dataSource).queryForObject("SELECT MAX(seq) FROM audit_event WHERE practice_id = ?",
                Long.class, practice.id().value());
        return seq == null ? 0 : seq;
    }

    private List<Map<String, Object>> auditSince(PracticeFixture practice, long seq) {
        return new JdbcTemplate(dataSource).queryForList("SELECT action, outcome, patient_id, resource_type, detail FROM audit_event "
                + "WHERE practice_id = ? AND seq > ? ORDER BY seq", practice.id().value(), seq);
    }

    private static void assertSearchEntry(Map<String, Object> row, String resourceType, String detail) {
        assertThat(row.get("action")).isEqualTo("SEARCH");
        assertThat(row.get("outcome")).isEqualTo("SUCCESS");
        assertThat(row.get("patient_id")).isNull();
        assertThat(row.get("resource_type")).isEqualTo(resourceType);
        assertThat(row.get("detail")).isEqualTo(detail);
    }
}
