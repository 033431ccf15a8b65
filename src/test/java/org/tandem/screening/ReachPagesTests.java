package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.patient.ClinicalFactDetails;
import org.tandem.patient.ClinicalFacts;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * The reach dashboard on a small practice, January and February 2025:
 * <ul>
 * <li>Ada (44) sees Dr. Okafor on 10 January: PHQ-2 4 (positive), then PHQ-9 12 (positive), GAD-2 0, AUDIT-C 0;
 * a Procedure on 20 January follows the positive up;</li>
 * <li>Tom (14) sees Dr. Reyes on 15 January: a PHQ-2 of 1 imported from another system (negative);</li>
 * <li>Walt (74) sees Dr. Okafor on 5 February and is not screened.</li>
 * </ul>
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class ReachPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Screenings screenings;
    @Autowired
    ClinicalFacts facts;

    PageFixtures fixtures;
    PracticeId practice;
    String bhc;
    UUID reyes;

    @BeforeEach
    void createPractice() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        UUID okafor = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP));
        reyes = fixtures.staffId(practice, fixtures.staff(practice, "Dr. Luis Reyes", Role.PCP));
        bhc = fixtures.staff(practice, "Jordan Counselor", Role.BHC);
        PatientRecord ada = fixtures.patient(practice, "Okoro", "Ada", LocalDate.of(1980, 4, 12), "MRN-1", okafor);
        PatientRecord tom = fixtures.patient(practice, "Baker", "Tom", LocalDate.of(2010, 6, 1), "MRN-2", reyes);
        PatientRecord walt = fixtures.patient(practice, "Whitman", "Walt", LocalDate.of(1950, 5, 31), "MRN-3", okafor);
        fixtures.encounter(practice, ada, Instant.parse("2025-01-10T16:00:00Z"), "Office visit", "185349003", okafor);
        fixtures.encounter(practice, tom, Instant.parse("2025-01-15T16:00:00Z"), "Office visit", "185349003", reyes);
        fixtures.encounter(practice, walt, Instant.parse("2025-02-05T16:00:00Z"), "Office visit", "185349003", okafor);

        submit(ada, Instruments.PHQ_2, "2025-01-10T16:10:00Z", coded(Instruments.PHQ9_ITEMS.subList(0, 2), 2, 2));
        submit(ada, Instruments.PHQ_9, "2025-01-10T16:15:00Z", coded(Instruments.PHQ9_ITEMS, 2, 2, 2, 2, 1, 1, 1, 1, 0));
        submit(ada, Instruments.GAD_2, "2025-01-10T16:11:00Z", coded(Instruments.GAD7_ITEMS.subList(0, 2), 0, 0));
        submit(ada, Instruments.AUDIT_C, "2025-01-10T16:12:00Z", Map.of("68518-0", Answer.loinc("LA6270-8"),
                "68519-8", Answer.loinc("LA15694-5"), "68520-6", Answer.loinc("LA6270-8")));
        fixtures.asSystem(practice, () -> facts.save(new ClinicalFactDetails("Procedure", "cocm-ada", ada.id(),
                "http://www.ama-assn.org/go/cpt", "99492", "Initial psychiatric collaborative care management", List.of(),
                "completed", Instant.parse("2025-01-20T16:00:00Z"), null, null, null, null, null, null,
                "{\"resourceType\":\"Procedure\"}")));
        fixtures.observation(practice, tom, "phq2-tom", "PHQ-2 total score", "55758-7", new BigDecimal("1"),
                Instant.parse("2025-01-15T16:05:00Z"));
    }

    @Test
    void tableShowsEligibleScreenedPositiveAndFollowedUpByMonthAndInstrument() throws Exception {
        Document page = page(get("/screening/reach").param("from", "2025-01").param("to", "2025-02"));
        assertThat(page.select("h1").text()).isEqualTo("Screening reach");
        assertThat(page.select("nav.site-nav a[aria-current=page]").text()).isEqualTo("Screening reach");
        // month, instrument, eligible, screened, % screened, due, due and screened, % of due screened, positive,
        // % positive, followed up, % followed up
        assertThat(rows(page)).containsExactly(
                "2025-01 PHQ-2 2 2 100% 2 2 100% 1 50% 1 100%",
                "2025-01 AUDIT-C 1 1 100% 1 1 100% 0 0% 0 \u2014",
                "2025-01 GAD-2 1 1 100% 1 1 100% 0 0% 0 \u2014",
                "2025-02 PHQ-2 1 0 0% 1 0 0% 0 \u2014 0 \u2014",
                "2025-02 AUDIT-C 1 0 0% 1 0 0% 0 \u2014 0 \u2014",
                "2025-02 GAD-2 1 0 0% 1 0 0% 0 \u2014 0 \u2014");
        // 1 positive x 30 min = 0.5 h against 40 h/week x 31/7 = 177.1 h; February 40 x 28/7 = 160.0 h
        assertThat(page.select("#capacity-table tbody tr").eachText()).containsExactly("2025-01 1 0.5 177.1 0%",
                "2025-02 0 0.0 160.0 0%");
        assertThat(page.select(".footnotes").text()).contains("Procedure, ServiceRequest", "MedicationRequest",
                "safety alert", "visits do not record a site");
        assertThat(page.select("#reach-site").hasAttr("disabled")).isTrue();
    }

    @Test
    void chartIsAnAccessibleServerDrawnSvg() throws Exception {
        Document page = page(get("/screening/reach").param("from", "2025-01").param("to", "2025-02"));
        Element svg = page.selectFirst("svg.chart");
        assertThat(svg.attr("role")).isEqualTo("img");
        assertThat(svg.attr("aria-labelledby")).isEqualTo("reach-chart-title reach-chart-desc");
        assertThat(svg.select("#reach-chart-title").text())
                .isEqualTo("Percent of due patients screened by month, 2025-01 to 2025-02");
        assertThat(svg.select("#reach-chart-desc").text()).contains("PHQ-2, AUDIT-C, GAD-2");
        assertThat(svg.select("rect.bar")).hasSize(6);
        assertThat(svg.select("rect.bar title").eachText()).contains("2025-01, PHQ-2: 100% of due patients screened (2 of 2)",
                "2025-02, GAD-2: 0% of due patients screened (0 of 1)");
        assertThat(svg.select("rect.bar").first().attr("height")).isEqualTo("160");
        assertThat(svg.select("text.month").eachText()).containsExactly("2025-01", "2025-02");
        assertThat(page.select(".legend li").eachText()).containsExactly("PHQ-2", "AUDIT-C", "GAD-2");
        assertThat(page.select("script")).allSatisfy(s -> assertThat(s.attr("src")).doesNotContain("chart"));
    }

    @Test
    void filtersByClinicianAndAgeBand() throws Exception {
        Document reyesOnly = page(get("/screening/reach").param("from", "2025-01").param("to", "2025-02")
                .param("clinician", reyes.toString()));
        assertThat(reyesOnly.select("#reach-clinician option[selected]").text()).isEqualTo("Dr. Luis Reyes");
        assertThat(rows(reyesOnly)).containsExactly(
                "2025-01 PHQ-2 1 1 100% 1 1 100% 0 0% 0 \u2014",
                "2025-01 AUDIT-C 0 0 \u2014 0 0 \u2014 0 \u2014 0 \u2014",
                "2025-01 GAD-2 0 0 \u2014 0 0 \u2014 0 \u2014 0 \u2014",
                "2025-02 PHQ-2 0 0 \u2014 0 0 \u2014 0 \u2014 0 \u2014",
                "2025-02 AUDIT-C 0 0 \u2014 0 0 \u2014 0 \u2014 0 \u2014",
                "2025-02 GAD-2 0 0 \u2014 0 0 \u2014 0 \u2014 0 \u2014");

        Document seniors = page(get("/screening/reach").param("from", "2025-02").param("to", "2025-02").param("age", "65+"));
        assertThat(seniors.select("#reach-age option[selected]").val()).isEqualTo("65+");
        assertThat(rows(seniors)).containsExactly("2025-02 PHQ-2 1 0 0% 1 0 0% 0 \u2014 0 \u2014",
                "2025-02 AUDIT-C 1 0 0% 1 0 0% 0 \u2014 0 \u2014", "2025-02 GAD-2 1 0 0% 1 0 0% 0 \u2014 0 \u2014");
    }

    @Test
    void badFiltersAreNamedAndReplacedByDefaults() throws Exception {
        Document page = page(get("/screening/reach").param("from", "2025-03").param("to", "2025-01").param("age", "old"));
        assertThat(page.select(".alert.error p").eachText()).containsExactly(
                "The first month is after the last month; the 12 months up to the last month are shown instead.",
                "Unknown age band; all ages are shown.");
        assertThat(page.select("#reach-from").val()).isEqualTo("2024-02");
        assertThat(page.select("#reach-table tbody tr")).hasSize(12 * 3);
    }

    @Test
    void rolesWithoutClinicalAccessAreRefused() throws Exception {
        String frontDesk = fixtures.staff(practice, "Frank Desk", Role.FRONT_DESK);
        mvc.perform(get("/screening/reach").with(fixtures.as(frontDesk))).andExpect(status().isForbidden());
        String admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        mvc.perform(get("/screening/reach").with(fixtures.as(admin))).andExpect(status().isForbidden());
    }

    private void submit(PatientRecord patient, String instrument, String at, Map<String, Answer> answers) {
        fixtures.asSystem(practice, () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null, instrument, answers,
                ScreeningSubmission.Mode.STAFF, "en", Instant.parse(at))));
    }

    /** Answers with the LOINC frequency codes (0-3) for these items. */
    static Map<String, Answer> coded(List<String> items, int... scores) {
        String[] codes = { "LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9" };
        Map<String, Answer> answers = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            answers.put(items.get(i), Answer.loinc(codes[scores[i]]));
        }
        return answers;
    }

    static List<String> rows(Document page) {
        return page.select("#reach-table tbody tr").eachText();
    }

    private Document page(MockHttpServletRequestBuilder request) throws Exception {
        return Jsoup.parse(mvc.perform(request.with(fixtures.as(bhc))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }
}
