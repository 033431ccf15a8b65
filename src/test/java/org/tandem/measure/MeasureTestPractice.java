package org.tandem.measure;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.springframework.context.ApplicationContext;
import org.tandem.PageFixtures;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.platform.TenantJdbc;

/**
 * A seeded practice with two years of data (2024 and 2025) for the dashboard's browser test: patients of two PCPs,
 * visits, imported PHQ-2 and PHQ-9 results, ICD-10-CM depression diagnoses and completed warm handoffs (inserted as
 * rows, as the handoff module's own tests do). Same data every run.
 */
final class MeasureTestPractice {

    final PageFixtures fixtures;
    final PracticeId practice;
    final String bhc;
    final List<PatientRecord> patients = new ArrayList<>();
    int visits;

    MeasureTestPractice(ApplicationContext context, int size, long seed) {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Lakeside Community Health " + UUID.randomUUID());
        UUID okafor = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP));
        UUID reyes = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Luis Reyes", Role.PCP));
        bhc = fixtures.staff(practice, "Jordan Counselor", Role.BHC);
        UUID bhcId = fixtures.staffId(practice, bhc);
        ClinicalFacts facts = context.getBean(ClinicalFacts.class);
        TenantJdbc jdbc = context.getBean(TenantJdbc.class);
        Random random = new Random(seed);
        String[] families = { "Okoro", "Baker", "Whitman", "Nguyen", "Garc\u00eda", "Silva", "Kowalski", "Haddad", "Mensah", "Ivanova" };
        String[] given = { "Ada", "Tom", "Walt", "Linh", "Mar\u00eda", "Jo\u00e3o", "Anna", "Omar", "Kofi", "Olga" };
        for (int i = 0; i < size; i++) {
            UUID pcp = i % 3 == 0 ? reyes : okafor;
            PatientRecord p = fixtures.patient(practice, families[i % families.length], given[(i / families.length + i) % given.length],
                    LocalDate.of(1945 + random.nextInt(62), 1 + random.nextInt(12), 1 + random.nextInt(28)), "MRN-" + (1000 + i), pcp);
            patients.add(p);
            boolean depressed = random.nextInt(3) == 0;
            LocalDate day = LocalDate.of(2024, 1, 2).plusDays(random.nextInt(60));
            int phq9 = depressed ? 12 + random.nextInt(12) : 0;
            if (depressed) {
                Instant onset = day.minusDays(20).atStartOfDay().toInstant(ZoneOffset.UTC);
                fixtures.asSystem(practice, () -> facts.save(new ClinicalFactDetails("Condition", "mdd-" + p.id().value(), p.id(),
                        ProgramRules.ICD10, "F32.1", "Major depressive disorder, single episode, moderate", List.of(), "active", onset,
                        null, null, null, null, null, null, "{\"resourceType\":\"Condition\"}")));
            }
            int n = 0;
            while (day.isBefore(LocalDate.of(2026, 1, 1))) {
                Instant at = day.atTime(9 + random.nextInt(8), 0).toInstant(ZoneOffset.UTC);
                fixtures.encounter(practice, p, at, "Office visit", "185349003", random.nextInt(5) == 0 ? (pcp == okafor ? reyes : okafor) : pcp);
                visits++;
                if (random.nextInt(4) != 0) {
                    if (depressed) {
                        fixtures.observation(practice, p, "phq9-" + p.id().value() + "-" + n, "PHQ-9 total score", "44261-6",
                                new BigDecimal(phq9), at.plusSeconds(600));
                        phq9 = Math.max(0, phq9 - random.nextInt(5) + 1);
                    } else {
                        int phq2 = random.nextInt(8) == 0 ? 3 + random.nextInt(4) : random.nextInt(3);
                        fixtures.observation(practice, p, "phq2-" + p.id().value() + "-" + n, "PHQ-2 total score", "55758-7",
                                new BigDecimal(phq2), at.plusSeconds(600));
                    }
                }
                if (random.nextInt(6) == 0) {
                    insertCompletedHandoff(jdbc, p.id().value(), pcp, bhcId, at.plusSeconds(900 + random.nextInt(86400 * 20)));
                }
                n++;
                day = day.plusDays(45 + random.nextInt(90));
            }
        }
    }

    private void insertCompletedHandoff(TenantJdbc jdbc, UUID patient, UUID pcp, UUID bhc, Instant at) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("patient", patient);
        row.put("pcp", pcp);
        row.put("bhc", bhc);
        row.put("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        row.put("accepted", OffsetDateTime.ofInstant(at.plusSeconds(60), ZoneOffset.UTC));
        row.put("ended", OffsetDateTime.ofInstant(at.plusSeconds(1200), ZoneOffset.UTC));
        jdbc.forPractice(practice).update("INSERT INTO handoff_request (practice_id, id, patient_id, requested_by, requested_by_name, "
                + "reason, urgency, status, requested_at, offered_count, accepted_by, accepted_by_name, accepted_at, started_at, "
                + "ended_at, outcome, minutes, updated_at, version) VALUES (:practiceId, :id, :patient, :pcp, 'PCP', 'positive-screen', "
                + "'now', 'completed', :at, 1, :bhc, 'Jordan Counselor', :accepted, :accepted, :ended, 'completed', 18, :ended, 1)", row);
    }
}
