package org.tandem.measure;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientDataChanged;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * Issue 6: "a dashboard refresh for a 20,000-patient practice under 200 ms". Not part of the suite (the name does not
 * end in Tests); run by hand with {@code mvn -o -q test -Dtest=MeasurePageBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 * (H2) or {@code mvn -o -q surefire:test@postgresql -Dtest=MeasurePageBenchmark} (PostgreSQL). Inserts a practice of
 * {@value #PATIENTS} patients with two years of visits, imported PHQ-2/PHQ-9 results and depression diagnoses as rows
 * (the facades would take minutes), then times (MockMvc, whole request including policy checks, audit and the page's
 * rendering) the cold load (after a data-change event: nothing cached) of the overview and the first click on CMS2 and
 * a program metric, and warm refreshes of /measures, CMS2, and two program metrics; prints median, min, max, runs, data
 * size, database and machine. No timing assertion: the machine decides the figure.
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class MeasurePageBenchmark {

    static final int PATIENTS = Integer.getInteger("measures.bench.patients", 20_000);

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void measurePageOnTwentyThousandPatients() throws Exception {
        PageFixtures fixtures = new PageFixtures(context);
        PracticeId practice = fixtures.practice("Benchmark Health " + UUID.randomUUID());
        UUID pcp = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Bench One", Role.PCP));
        UUID pcp2 = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Bench Two", Role.PCP));
        String bhc = fixtures.staff(practice, "Bench Counselor", Role.BHC);
        long started = System.nanoTime();
        int[] counts = insert(practice.value(), new UUID[] { pcp, pcp2 });
        System.out.printf("measures benchmark: inserted %d patients, %d visits, %d facts in %d ms%n", PATIENTS, counts[0], counts[1],
                (System.nanoTime() - started) / 1_000_000);
        String data = String.format("%d patients, %d visits, %d facts, %s, %d cores, load %.1f", PATIENTS, counts[0], counts[1],
                jdbc.queryForObject("SELECT 1", Integer.class) == 1 ? database() : "", Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        String cms2 = "/measures/" + EcqmCatalog.CMS2 + "?" + YEAR;
        String metric = "/measures/positive-follow-up-30?" + YEAR;
        String overview = "/measures?" + YEAR;
        time(fixtures, bhc, overview); // class loading, templates, value sets: not part of any figure
        // Cold: a write of the practice's data (the event every patient write publishes) drops every cache, then the
        // dashboard is opened (overview) and a measure page of each kind clicked.
        List<Long> coldOverview = new ArrayList<>();
        List<Long> coldCms2 = new ArrayList<>();
        List<Long> coldMetric = new ArrayList<>();
        for (int i = 0; i < COLD_RUNS; i++) {
            events.publishEvent(new PatientDataChanged(practice));
            coldOverview.add(time(fixtures, bhc, overview));
            coldCms2.add(time(fixtures, bhc, cms2));
            coldMetric.add(time(fixtures, bhc, metric));
        }
        print("cold /measures (first view after a write: every figure read and computed)", coldOverview, data);
        print("first /measures/CMS2 after that (24-month trend computed)", coldCms2, data);
        print("first /measures/positive-follow-up-30 after that", coldMetric, data);
        for (String url : List.of(overview, cms2, metric, "/measures/remission-12?" + YEAR)) {
            time(fixtures, bhc, url);
            List<Long> warm = new ArrayList<>();
            for (int i = 0; i < WARM_RUNS; i++) {
                warm.add(time(fixtures, bhc, url));
            }
            print("warm refresh GET " + url.substring(0, url.indexOf('?')), warm, data);
        }
    }

    static final String YEAR = "from=2025-01-01&to=2025-12-31";
    static final int COLD_RUNS = Integer.getInteger("measures.bench.coldRuns", 5);
    static final int WARM_RUNS = Integer.getInteger("measures.bench.warmRuns", 15);

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    private long time(PageFixtures fixtures, String user, String url) throws Exception {
        long t0 = System.nanoTime();
        mvc.perform(get(url).with(fixtures.as(user))).andExpect(status().isOk());
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private String database() {
        try (var connection = jdbc.getDataSource().getConnection()) {
            return connection.getMetaData().getDatabaseProductName() + " " + connection.getMetaData().getDatabaseProductVersion();
        } catch (java.sql.SQLException e) {
            return "unknown database";
        }
    }

    private static void print(String label, List<Long> times, String data) {
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("BENCH %s: median %d ms (min %d, max %d, %d runs: %s) [%s]%n", label, sorted[sorted.length / 2], sorted[0],
                sorted[sorted.length - 1], sorted.length, times, data);
    }

    /** Patients, visits (every 60-150 days over 2024-2025), imported PHQ-2/PHQ-9 results at 3 visits in 4, F32.1 for 1 in 4. */
    private int[] insert(UUID practice, UUID[] pcps) {
        Random random = new Random(6);
        Timestamp now = Timestamp.from(Instant.now());
        List<Object[]> patients = new ArrayList<>();
        List<Object[]> visits = new ArrayList<>();
        List<Object[]> facts = new ArrayList<>();
        for (int i = 0; i < PATIENTS; i++) {
            UUID id = UUID.randomUUID();
            UUID pcp = pcps[i % 2];
            patients.add(new Object[] { practice, id, "urn:bench", "B" + i, "Bench" + i, "Pat", "bench" + i + " pat",
                    java.sql.Date.valueOf(LocalDate.of(1940 + random.nextInt(65), 1 + random.nextInt(12), 1 + random.nextInt(28))),
                    "female", "en", pcp, now, now });
            boolean depressed = random.nextInt(4) == 0;
            LocalDate day = LocalDate.of(2024, 1, 2).plusDays(random.nextInt(90));
            if (depressed) {
                facts.add(fact(practice, "Condition", "c" + i, id, "http://hl7.org/fhir/sid/icd-10-cm", "F32.1", day.minusDays(10), null, now));
            }
            int n = 0;
            int score = depressed ? 12 + random.nextInt(10) : 0;
            while (day.isBefore(LocalDate.of(2026, 1, 1))) {
                Timestamp at = Timestamp.from(day.atTime(10, 0).toInstant(ZoneOffset.UTC));
                visits.add(new Object[] { practice, UUID.randomUUID(), id, at, at, pcp, now, now });
                if (random.nextInt(4) != 0) {
                    facts.add(depressed ? fact(practice, "Observation", "o" + i + "-" + n, id, "http://loinc.org", "44261-6", day, score, now)
                            : fact(practice, "Observation", "o" + i + "-" + n, id, "http://loinc.org", "55758-7", day,
                                    random.nextInt(10) == 0 ? 4 : random.nextInt(3), now));
                    score = Math.max(0, score - random.nextInt(4) + 1);
                }
                n++;
                day = day.plusDays(60 + random.nextInt(90));
            }
        }
        jdbc.batchUpdate("INSERT INTO patient (practice_id, id, mrn_system, mrn, family_name, given_names, search_name, birth_date, sex, "
                + "preferred_language, pcp_account_id, version, raw_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, "
                + "NULL, ?, ?)", patients);
        jdbc.batchUpdate("INSERT INTO encounter (practice_id, id, patient_id, status, class_code, type_system, type_code, type_display, "
                + "start_at, end_at, clinician_id, version, created_at, updated_at) VALUES (?, ?, ?, 'finished', 'AMB', "
                + "'http://snomed.info/sct', '185349003', 'Office visit', ?, ?, ?, 1, ?, ?)", visits);
        jdbc.batchUpdate("INSERT INTO clinical_fact (practice_id, resource_type, id, patient_id, code_system, code, status, "
                + "effective_start, value_quantity, raw_json, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', 1, ?, ?)",
                facts);
        return new int[] { visits.size(), facts.size() };
    }

    private static Object[] fact(UUID practice, String type, String id, UUID patient, String system, String code, LocalDate day,
            Integer value, Timestamp now) {
        return new Object[] { practice, type, id, patient, system, code, type.equals("Condition") ? "active" : "final",
                Timestamp.from(day.atTime(10, 10).toInstant(ZoneOffset.UTC)), value == null ? null : new BigDecimal(value), now, now };
    }

    static String join(long[] values) {
        return Arrays.toString(values);
    }
}
