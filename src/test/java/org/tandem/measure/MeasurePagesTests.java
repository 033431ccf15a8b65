package org.tandem.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;
import org.tandem.screening.Answer;
import org.tandem.screening.FollowUp;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.SettableClock;

/**
 * The program metric pages on a small practice in 2025:
 * <ul>
 * <li>Ada (44, Dr. Okafor's) with recurrent major depression (ICD-10-CM F33.1 since December 2024) is seen on 10
 * January: PHQ-9 12 (positive) and a completed warm handoff; a follow-up is documented on 20 January (day 10); PHQ-9 4 on
 * 10 July;</li>
 * <li>Tom (14, Dr. Reyes's) is seen on 15 January: an imported PHQ-2 of 1 (negative);</li>
 * <li>Walt (74, Dr. Okafor's) is seen on 5 February and not screened;</li>
 * <li>Kim (9) is seen on 6 February: too young for the reach denominator.</li>
 * </ul>
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
@Import(SettableClock.Config.class)
class MeasurePagesTests {

    static final String YEAR = "from=2025-01-01&to=2025-12-31";

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Screenings screenings;
    @Autowired
    ClinicalFacts facts;
    @Autowired
    SettableClock clock;

    PageFixtures fixtures;
    PracticeId practice;
    String bhc;
    PatientRecord walt;

    @BeforeEach
    void createPractice() {
        clock.set(Instant.parse("2025-01-10T17:00:00Z"));
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Measured Family Medicine " + UUID.randomUUID());
        UUID okafor = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP));
        UUID reyes = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Luis Reyes", Role.PCP));
        bhc = fixtures.staff(practice, "Jordan Counselor", Role.BHC);
        PatientRecord ada = fixtures.patient(practice, "Okoro", "Ada", LocalDate.of(1980, 4, 12), "MRN-1", okafor);
        PatientRecord tom = fixtures.patient(practice, "Baker", "Tom", LocalDate.of(2010, 6, 1), "MRN-2", reyes);
        walt = fixtures.patient(practice, "Whitman", "Walt", LocalDate.of(1950, 5, 31), "MRN-3", okafor);
        PatientRecord kim = fixtures.patient(practice, "Lee", "Kim", LocalDate.of(2015, 9, 1), "MRN-4", reyes);
        fixtures.encounter(practice, ada, Instant.parse("2025-01-10T16:00:00Z"), "Office visit", "185349003", okafor);
        fixtures.encounter(practice, tom, Instant.parse("2025-01-15T16:00:00Z"), "Office visit", "185349003", reyes);
        fixtures.encounter(practice, walt, Instant.parse("2025-02-05T16:00:00Z"), "Office visit", "185349003", okafor);
        fixtures.encounter(practice, kim, Instant.parse("2025-02-06T16:00:00Z"), "Office visit", "185349003", reyes);
        fixtures.asSystem(practice, () -> facts.save(new ClinicalFactDetails("Condition", "mdd-ada", ada.id(), ProgramRules.ICD10,
                "F33.1", "Major depressive disorder, recurrent, moderate", List.of(), "active", Instant.parse("2024-12-01T00:00:00Z"),
                null, null, null, null, null, null, "{\"resourceType\":\"Condition\"}")));
        ScreeningResult first = phq9(ada, "2025-01-10T16:15:00Z", 2, 2, 2, 2, 1, 1, 1, 1, 0);
        assertThat(first.response().total()).isEqualTo(12);
        clock.set(Instant.parse("2025-01-20T15:00:00Z"));
        fixtures.asSystem(practice, () -> screenings.documentFollowUp(first.response().id(), FollowUp.BH_VISIT_SCHEDULED, null));
        clock.set(Instant.parse("2025-08-01T12:00:00Z"));
        phq9(ada, "2025-07-10T16:15:00Z", 1, 1, 1, 1, 0, 0, 0, 0, 0);
        fixtures.observation(practice, tom, "phq2-tom", "PHQ-2 total score", "55758-7", new BigDecimal("1"),
                Instant.parse("2025-01-15T16:05:00Z"));
        // a warm handoff for Ada the day of her positive PHQ-9, completed (a row, as the handoff module's tests insert them)
        Map<String, Object> row = new HashMap<>();
        row.put("id", UUID.randomUUID());
        row.put("patient", ada.id().value());
        row.put("pcp", okafor);
        row.put("at", java.time.OffsetDateTime.parse("2025-01-10T16:30:00Z"));
        row.put("ended", java.time.OffsetDateTime.parse("2025-01-10T16:50:00Z"));
        context.getBean(org.tandem.platform.TenantJdbc.class).forPractice(practice).update("INSERT INTO handoff_request (practice_id, "
                + "id, patient_id, requested_by, requested_by_name, reason, urgency, status, requested_at, offered_count, accepted_by, "
                + "accepted_by_name, accepted_at, started_at, ended_at, outcome, minutes, updated_at, version) VALUES (:practiceId, :id, "
                + ":patient, :pcp, 'Dr. Amara Okafor', 'positive-screen', 'now', 'completed', :at, 1, :pcp, 'BHC', :at, :at, :ended, "
                + "'completed', 20, :ended, 1)", row);
        clock.set(Instant.parse("2026-02-15T12:00:00Z"));
    }

    /** PHQ-9 item LOINC codes in form order (as screening.Instruments lists them). */
    static final List<String> PHQ9_ITEMS = List.of("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2",
            "44252-5", "44253-3", "44260-8");

    private ScreeningResult phq9(PatientRecord patient, String at, int... scores) {
        String[] codes = { "LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9" };
        Map<String, Answer> answers = new HashMap<>();
        for (int i = 0; i < scores.length; i++) {
            answers.put(PHQ9_ITEMS.get(i), Answer.loinc(codes[scores[i]]));
        }
        return fixtures.asSystem(practice, () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null,
                Instruments.PHQ_9, answers, ScreeningSubmission.Mode.STAFF, "en", Instant.parse(at))));
    }

    @Test
    void measurePageShowsNumbersPopulationsTrendAndClinicians() throws Exception {
        Document page = page(get("/measures/screening-reach?" + YEAR));
        assertThat(page.select("h1").text()).isEqualTo("Screening reach");
        assertThat(page.select("[data-stat=numerator]").text()).isEqualTo("2");
        assertThat(page.select("[data-stat=denominator]").text()).isEqualTo("3");
        assertThat(page.select("[data-stat=value]").text()).isEqualTo("66.7%");
        assertThat(page.select("#groups-table tbody tr").eachText()).containsExactly("Denominator 3 CSV", "Numerator 2 CSV",
                "Not met 1 CSV");
        assertThat(page.select("#trend-table tbody tr")).hasSize(24);
        assertThat(page.select("#trend-table tbody tr").first().text()).isEqualTo("2024-01 2023-02-01 to 2024-01-31 0 0 \u2014");
        assertThat(page.select("#trend-table tbody tr").last().text()).isEqualTo("2025-12 2025-01-01 to 2025-12-31 2 3 66.7%");
        assertThat(page.select("#trend-chart .trend-dot")).hasSizeGreaterThan(0);
        assertThat(page.select("#clinician-table tbody tr").eachText()).containsExactly("Dr. Amara Okafor 1 2 50.0%",
                "Dr. Luis Reyes 1 1 100.0%");
        assertThat(page.select("#measure-sites .hint").text()).contains("does not record at which site");
        assertThat(page.select("#report-json")).isEmpty();
    }

    @Test
    void everyProgramMetricIsComputedFromTheStoredData() throws Exception {
        assertThat(headline("positive-follow-up-30")).containsExactly("1", "1", "100.0%");
        assertThat(headline("phq9-utilization")).containsExactly("0", "1", "0.0%"); // no PHQ-9 September to December
        assertThat(headline("remission-6")).containsExactly("1", "1", "100.0%"); // index 10 January, PHQ-9 4 on 10 July
        assertThat(headline("handoffs-per-100-visits")).containsExactly("1", "4", "25.0");
        assertThat(headline("days-to-bh-contact")).containsExactly("1", "1", "0 days"); // the handoff, the same day
        Document remission = page(get("/measures/remission-6?from=2025-07-01&to=2026-06-30"));
        assertThat(remission.select("dl.stat-tiles dd").eachText()).containsExactly("1", "1", "100.0%");
        Document response = page(get("/measures/response-6?from=2025-07-01&to=2026-06-30"));
        assertThat(response.select("dl.stat-tiles dd").eachText()).containsExactly("1", "1", "100.0%");
    }

    private List<String> headline(String id) throws Exception {
        return page(get("/measures/" + id + "?" + YEAR)).select("dl.stat-tiles dd").eachText();
    }

    @Test
    void patientListNamesThePatientsBehindANumberAndLinksToThem() throws Exception {
        Document page = page(get("/measures/screening-reach/patients?" + YEAR + "&group=not-met"));
        assertThat(page.select("#patients-table tbody tr").eachText()).containsExactly(
                "Whitman, Walt MRN-3 1950-05-31 Dr. Amara Okafor Denominator; Not met");
        assertThat(page.select("#patients-table tbody a").attr("href")).isEqualTo("/patients/" + walt.id().value());
        assertThat(page.select("main")).hasSize(1);

        String fragment = mvc.perform(get("/measures/screening-reach/patients?" + YEAR + "&group=numerator")
                .header("HX-Request", "true").with(fixtures.as(bhc))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        Document list = Jsoup.parseBodyFragment(fragment);
        assertThat(list.select("main")).isEmpty();
        assertThat(list.select("#patients-table tbody th").eachText()).containsExactly("Baker, Tom", "Okoro, Ada");

        Document followUp = page(get("/measures/positive-follow-up-30/patients?" + YEAR + "&group=numerator"));
        assertThat(followUp.select("#patients-table tbody tr").eachText()).containsExactly(
                "Okoro, Ada MRN-1 1980-04-12 Dr. Amara Okafor 2025-01-10 0 Denominator; Numerator");
    }

    @Test
    void csvOfEveryTable() throws Exception {
        String patients = csv("/measures/screening-reach/patients.csv?" + YEAR + "&group=denominator");
        assertThat(patients).startsWith("\uFEFFmeasure,from,to,group,patient_id,name,mrn,birth_date,clinician,index_day,value,groups\r\n");
        assertThat(patients.lines().count()).isEqualTo(4);
        assertThat(patients).contains(",\"Whitman, Walt\",MRN-3,1950-05-31,Dr. Amara Okafor,");
        String trend = csv("/measures/screening-reach/trend.csv?" + YEAR);
        assertThat(trend.lines().count()).isEqualTo(25);
        assertThat(trend).contains("screening-reach,2025-12,2025-01-01,2025-12-31,2,3,0.6667\r\n");
        String clinicians = csv("/measures/screening-reach/clinicians.csv?" + YEAR);
        assertThat(clinicians).contains(",Dr. Amara Okafor,1,2,0.5000\r\n", ",Dr. Luis Reyes,1,1,1.0000\r\n");
    }

    private String csv(String url) throws Exception {
        var response = mvc.perform(get(url).with(fixtures.as(bhc))).andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(response.getHeader("Content-Disposition")).startsWith("attachment; filename=\"tandem-");
        return new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void defaultPeriodIsTheTwelveFullMonthsBeforeThisMonth() throws Exception {
        Document page = page(get("/measures/screening-reach"));
        assertThat(page.select("#period-from").val()).isEqualTo("2025-02-01");
        assertThat(page.select("#period-to").val()).isEqualTo("2026-01-31");
        assertThat(page.select("[data-stat=denominator]").text()).isEqualTo("1"); // Walt, seen 5 February
    }

    @Test
    void badPeriodsAreNamedAndTheDefaultIsShown() throws Exception {
        Document order = page(get("/measures/screening-reach?from=2025-12-31&to=2025-01-01"));
        assertThat(order.select(".alert.error p").eachText()).containsExactly(
                "The last day is before the first day. The default period is shown instead.");
        assertThat(order.select("#period-from").val()).isEqualTo("2025-02-01");
        Document range = page(get("/measures/screening-reach?from=2020-01-01&to=2025-01-01"));
        assertThat(range.select(".alert.error p").text()).contains("at most two years");
        Document date = page(get("/measures/screening-reach?from=January&to=2025-01-01"));
        assertThat(date.select(".alert.error p").text()).contains("year-month-day");
        Document spanish = Jsoup.parse(mvc.perform(get("/measures/screening-reach?from=x").locale(Locale.forLanguageTag("es"))
                .with(fixtures.as(bhc))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(spanish.select("h1").text()).isEqualTo("Alcance del cribado");
        assertThat(spanish.select(".alert.error p").text()).contains("a\u00f1o-mes-d\u00eda");
    }

    @Test
    void aPatientDataWriteShowsOnTheNextPageWithoutWaiting() throws Exception {
        assertThat(page(get("/measures/screening-reach?" + YEAR)).select("[data-stat=denominator]").text()).isEqualTo("3");
        assertThat(page(get("/measures?" + YEAR)).select("#program-table tr[data-measure=screening-reach] td").eachText())
                .containsExactly("2", "3", "66.7%");
        PatientRecord newcomer = fixtures.patient(practice, "Novak", "Ida", LocalDate.of(1990, 1, 1), "MRN-5", null);
        fixtures.encounter(practice, newcomer, Instant.parse("2025-03-03T16:00:00Z"), "Office visit", "185349003", null);
        assertThat(page(get("/measures/screening-reach?" + YEAR)).select("[data-stat=denominator]").text()).isEqualTo("4");
        assertThat(page(get("/measures?" + YEAR)).select("#program-table tr[data-measure=screening-reach] td").eachText())
                .containsExactly("2", "4", "50.0%");
    }

    @Test
    void aScreeningShowsOnTheNextPageWithoutWaiting() throws Exception {
        assertThat(headline("screening-reach")).containsExactly("2", "3", "66.7%");
        phq9(walt, "2025-02-05T16:10:00Z", 0, 0, 0, 0, 0, 0, 0, 0, 0); // a response only: no patient data written
        assertThat(headline("screening-reach")).containsExactly("3", "3", "100.0%");
    }

    @Test
    void aRegistryEpisodeShowsOnTheNextPageWithoutWaiting() throws Exception {
        assertThat(headline("phq9-utilization")).containsExactly("0", "1", "0.0%");
        fixtures.asSystem(practice, () -> context.getBean(org.tandem.registry.Episodes.class).enrol(new org.tandem.registry.Enrolment(
                walt.id(), org.tandem.registry.EpisodeFocus.DEPRESSION, org.tandem.registry.EpisodeStatus.REFERRED,
                LocalDate.of(2025, 2, 5), null, null, null, null, null, null, null, false, null)));
        // Walt, with a depression episode since 5 February, joins the utilization denominator at once
        assertThat(headline("phq9-utilization")).containsExactly("0", "2", "0.0%");
    }

    @Test
    void aWarmHandoffShowsOnTheNextPageWithoutWaiting() throws Exception {
        assertThat(headline("handoffs-per-100-visits")).containsExactly("1", "4", "25.0");
        org.tandem.platform.CurrentActor actors = context.getBean(org.tandem.platform.CurrentActor.class);
        org.tandem.handoff.Handoffs handoffs = context.getBean(org.tandem.handoff.Handoffs.class);
        org.tandem.platform.Actor pcp = user(fixtures.staff(practice, "Dr. Hand Off", Role.PCP), Role.PCP);
        org.tandem.platform.Actor counselor = user(bhc, Role.BHC);
        clock.set(Instant.parse("2025-02-05T16:20:00Z"));
        actors.runAs(counselor, () -> context.getBean(org.tandem.handoff.Availability.class).set(org.tandem.handoff.PresenceState.AVAILABLE));
        var handoff = actors.runAs(pcp, () -> handoffs.request(new org.tandem.handoff.HandoffRequest(walt.id(),
                org.tandem.handoff.HandoffReason.DISTRESS, org.tandem.handoff.Urgency.NOW, "Room 2", null, null, null)));
        actors.runAs(counselor, () -> handoffs.accept(handoff.id()));
        actors.runAs(counselor, () -> handoffs.complete(handoff.id(), 15, org.tandem.handoff.BriefIntervention.BRIEF_INTERVENTION, null));
        clock.set(Instant.parse("2026-02-15T12:00:00Z"));
        assertThat(headline("handoffs-per-100-visits")).containsExactly("2", "4", "50.0");
    }

    private org.tandem.platform.Actor user(String email, Role role) {
        UUID id = fixtures.staffId(practice, email);
        return new org.tandem.platform.Actor(id.toString(), email, org.tandem.platform.Actor.Kind.USER, practice, java.util.Set.of(role),
                org.tandem.platform.Channel.WEB, null);
    }

    @Test
    void aCachedFigureIsStillCheckedAndAudited() throws Exception {
        page(get("/measures/screening-reach?" + YEAR));
        var jdbc = context.getBean(org.springframework.jdbc.core.JdbcTemplate.class);
        String count = "SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND resource_type = 'ProgramMetricData'";
        Integer before = jdbc.queryForObject(count, Integer.class, practice.value());
        page(get("/measures/screening-reach?" + YEAR));
        assertThat(jdbc.queryForObject(count, Integer.class, practice.value())).isEqualTo(before + 1);
        String admin = fixtures.staff(practice, "Pat Admin", Role.PRACTICE_ADMIN);
        mvc.perform(get("/measures/screening-reach?" + YEAR).with(fixtures.as(admin))).andExpect(status().isForbidden());
    }

    @Test
    void overviewListsTheEcqmsAndProgramMetricsAndTheEcqmExportsAMeasureReport() throws Exception {
        Document page = page(get("/measures?" + YEAR));
        assertThat(page.select("h1").text()).isEqualTo("Quality measures");
        assertThat(page.select("#ecqm-table tbody tr").eachAttr("data-measure")).containsExactly("PCSDepressionScreenAndFollowUpFHIR",
                "DepressionRemissionatTwelveMonthsFHIR");
        assertThat(page.select("#ecqm-table tbody tr").first().select("th").text()).isEqualTo("CMS2 Screening for Depression and Follow-Up Plan");
        assertThat(page.select("#program-table tbody tr")).hasSize(ProgramMetric.values().length);
        assertThat(page.select("#program-table tr[data-measure=screening-reach] td").eachText()).containsExactly("2", "3", "66.7%");

        Document cms2 = page(get("/measures/PCSDepressionScreenAndFollowUpFHIR?" + YEAR));
        assertThat(cms2.select("h1").text()).startsWith("CMS2");
        assertThat(cms2.select("#groups-table tbody tr").eachAttr("data-group")).containsExactly("initial-population", "denominator",
                "denominator-exclusion", "numerator", "denominator-exception", "not-met");
        assertThat(cms2.select("#trend-table tbody tr")).hasSize(24);
        assertThat(cms2.select("#report-json").attr("href")).startsWith("/measures/PCSDepressionScreenAndFollowUpFHIR/report.json?");

        var response = mvc.perform(get("/measures/PCSDepressionScreenAndFollowUpFHIR/report.json?" + YEAR).with(fixtures.as(bhc)))
                .andExpect(status().isOk()).andReturn().getResponse();
        assertThat(response.getContentType()).startsWith("application/fhir+json");
        String json = response.getContentAsString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"resourceType\": \"MeasureReport\"", "PCSDepressionScreenAndFollowUpFHIR", "initial-population");
        String overviewCsv = csv("/measures.csv?" + YEAR);
        assertThat(overviewCsv).contains("screening-reach,,Screening reach,2025-01-01,2025-12-31,2,3,rate,0.6667\r\n");
    }

    @Test
    void unknownMeasureIsNotFound() throws Exception {
        mvc.perform(get("/measures/no-such-measure").with(fixtures.as(bhc))).andExpect(status().isNotFound());
    }

    @Test
    void rolesWithoutClinicalSearchAndSupportStaffAreRefused() throws Exception {
        String admin = fixtures.staff(practice, "Pat Admin", Role.PRACTICE_ADMIN);
        String desk = fixtures.staff(practice, "Front Desk", Role.FRONT_DESK);
        String facilitator = fixtures.supportStaff("Quality Facilitator");
        for (String who : List.of(admin, desk, facilitator)) {
            mvc.perform(get("/measures/screening-reach?" + YEAR).with(fixtures.as(who))).andExpect(status().isForbidden());
            mvc.perform(get("/measures/screening-reach/patients.csv?" + YEAR).with(fixtures.as(who))).andExpect(status().isForbidden());
        }
        String ma = fixtures.staff(practice, "Medical Assistant", Role.MEDICAL_ASSISTANT);
        mvc.perform(get("/measures/screening-reach?" + YEAR).with(fixtures.as(ma))).andExpect(status().isOk());
    }

    private Document page(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(mvc.perform(request.with(fixtures.as(bhc))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
