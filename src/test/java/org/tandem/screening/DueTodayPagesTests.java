package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
import org.springframework.test.web.servlet.MockMvc;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/** The huddle's due list: who has a visit that day and which screenings they are due for. */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class DueTodayPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Screenings screenings;

    PageFixtures fixtures;
    PracticeId practice;
    String assistant;
    String frontDesk;
    String admin;
    PatientRecord adult;
    PatientRecord teen;
    PatientRecord child;

    @BeforeEach
    void createDay() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        String pcpEmail = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        UUID pcp = fixtures.staffId(practice, pcpEmail);
        assistant = fixtures.staff(practice, "Maria Lopez", Role.MEDICAL_ASSISTANT);
        frontDesk = fixtures.staff(practice, "Frank Desk", Role.FRONT_DESK);
        admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        adult = fixtures.patient(practice, "Quintero", "Elena", LocalDate.of(1980, 4, 12), "MRN-1", pcp);
        teen = fixtures.patient(practice, "Baker", "Tom", LocalDate.of(2010, 6, 1), "MRN-2", pcp);
        child = fixtures.patient(practice, "Chen", "Lily", LocalDate.of(2017, 1, 5), "MRN-3", pcp);
        PatientRecord tomorrow = fixtures.patient(practice, "Later", "Sam", LocalDate.of(1970, 1, 1), "MRN-4", pcp);
        // 4 March 2025 in Chicago (CST): 15:30 UTC is 09:30, 16:00 UTC is 10:00
        fixtures.encounter(practice, teen, Instant.parse("2025-03-04T16:00:00Z"), "Office visit", "185349003", pcp);
        fixtures.encounter(practice, adult, Instant.parse("2025-03-04T15:30:00Z"), "Office visit", "185349003", pcp);
        fixtures.encounter(practice, child, Instant.parse("2025-03-04T17:00:00Z"), "Office visit", "185349003", pcp);
        fixtures.encounter(practice, tomorrow, Instant.parse("2025-03-05T15:00:00Z"), "Office visit", "185349003", pcp);
        // the adult: a PHQ-9 imported from another system in November, an AUDIT-C in Tandem in February
        fixtures.observation(practice, adult, "phq9-nov", "PHQ-9 total score", "44261-6", new BigDecimal("6"),
                Instant.parse("2024-11-01T15:00:00Z"));
        fixtures.asSystem(practice, () -> screenings.submit(new ScreeningSubmission(null, adult.id(), null, null, Instruments.AUDIT_C,
                Map.of("68518-0", Answer.loinc("LA18926-8"), "68519-8", Answer.loinc("LA15694-5"), "68520-6", Answer.loinc("LA6270-8")),
                ScreeningSubmission.Mode.STAFF, "en", Instant.parse("2025-02-01T16:00:00Z"))));
    }

    @Test
    void listsTheDaysPatientsWithWhatIsDueAndTheLastResult() throws Exception {
        Document page = page(assistant, "2025-03-04");
        assertThat(page.select("h1").text()).isEqualTo("Due for screening on 2025-03-04");
        assertThat(page.select("#due-summary").text())
                .isEqualTo("3 patient(s) with a visit; 2 with a screening still due; 0 screened for a due questionnaire that day.");
        assertThat(page.select("table.due tbody tr th a").eachText()).containsExactly("Quintero, Elena", "Baker, Tom", "Chen, Lily");

        var adultRow = page.select("#due-" + adult.id());
        assertThat(adultRow.select("td").get(0).text()).isEqualTo("09:30");
        assertThat(adultRow.text()).contains("MRN-1", "44", "Dr. Amara Okafor");
        assertThat(adultRow.select(".due-items li").eachAttr("data-instrument")).containsExactly("gad-2");
        assertThat(adultRow.select(".due-items li").text()).isEqualTo("GAD-2 No result since 2022-03-04 Start screening");
        assertThat(adultRow.select(".due-items abbr").attr("title")).isEqualTo("Generalized Anxiety Disorder-2 (GAD-2)");
        assertThat(adultRow.select(".due-items a.start").attr("href"))
                .matches("/patients/" + adult.id() + "/screening/new\\?instrument=gad-2&encounter=[0-9a-f-]{36}");
        mvc.perform(get(adultRow.select(".due-items a.start").attr("href")).with(fixtures.as(assistant))).andExpect(status().isOk());
        assertThat(adultRow.select(".up-to-date li").eachText()).containsExactly("PHQ-2 Last: 2024-11-01 (PHQ-9)",
                "AUDIT-C Last: 2025-02-01 (AUDIT-C)");

        var teenRow = page.select("#due-" + teen.id());
        assertThat(teenRow.select("td").get(0).text()).isEqualTo("10:00");
        assertThat(teenRow.select(".due-items li").eachAttr("data-instrument")).containsExactly("phq-2");
        assertThat(teenRow.select(".up-to-date").text()).isEqualTo("\u2014");

        var childRow = page.select("#due-" + child.id());
        assertThat(childRow.hasClass("nothing-due")).isTrue();
        assertThat(childRow.select(".due-items").text()).isEqualTo("\u2014");
    }

    @Test
    void aDueScreeningDoneThatDayIsMarkedDone() throws Exception {
        fixtures.asSystem(practice, () -> screenings.submit(new ScreeningSubmission(null, adult.id(), null, null, Instruments.GAD_7,
                Map.of("69725-0", Answer.loinc("LA6568-5"), "68509-9", Answer.loinc("LA6568-5"), "69733-4", Answer.loinc("LA6568-5"),
                        "69734-2", Answer.loinc("LA6568-5"), "69735-9", Answer.loinc("LA6568-5"), "69689-8", Answer.loinc("LA6568-5"),
                        "69736-7", Answer.loinc("LA6568-5")),
                ScreeningSubmission.Mode.STAFF, "en", Instant.parse("2025-03-04T15:45:00Z"))));
        Document page = page(assistant, "2025-03-04");
        var adultRow = page.select("#due-" + adult.id());
        assertThat(adultRow.hasClass("nothing-due")).isTrue();
        assertThat(adultRow.select(".due-items li.done").text()).isEqualTo("GAD-2 Done that day (GAD-7) No result since 2022-03-04");
        assertThat(adultRow.select(".due-items a.start")).isEmpty();
        assertThat(page.select("#due-summary").text())
                .isEqualTo("3 patient(s) with a visit; 1 with a screening still due; 1 screened for a due questionnaire that day.");
    }

    @Test
    void isPrintableAndMovesBetweenDays() throws Exception {
        Document page = page(assistant, "2025-03-04");
        assertThat(page.select("button[data-print]").text()).isEqualTo("Print");
        assertThat(page.select("form.day-form").hasClass("no-print")).isTrue();
        assertThat(page.select("a.start").hasClass("no-print")).isTrue();
        assertThat(page.select("form.day-form a").eachAttr("href")).contains("/screening/due?date=2025-03-03",
                "/screening/due?date=2025-03-05", "/screening/due");
        Document next = page(assistant, "2025-03-05");
        assertThat(next.select("table.due tbody tr th a").eachText()).containsExactly("Later, Sam");
    }

    @Test
    void defaultsToTodayInThePracticesTimeZone() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/screening/due").with(fixtures.as(assistant))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        LocalDate today = LocalDate.now(ZoneId.of("America/Chicago"));
        assertThat(page.select("h1").text()).isEqualTo("Due for screening on " + today);
        assertThat(page.select("nav.site-nav a[aria-current=page]").text()).isEqualTo("Due today");
        Document bad = page(assistant, "04/03/2025");
        assertThat(bad.select(".alert.error").text()).contains("is not a date");
        assertThat(bad.select("h1").text()).isEqualTo("Due for screening on " + today);
    }

    @Test
    void rolesWithoutClinicalAccessAreRefused() throws Exception {
        for (String who : new String[] { frontDesk, admin, fixtures.supportStaff("Fiona Facilitator") }) {
            Document page = Jsoup.parse(mvc.perform(get("/screening/due").param("date", "2025-03-04").with(fixtures.as(who)))
                    .andExpect(status().isForbidden()).andReturn().getResponse().getContentAsString());
            assertThat(page.select("h1").text()).as(who).isEqualTo("Not available for your role");
            assertThat(page.text()).doesNotContain("Quintero");
        }
    }

    @Test
    void spanish() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/screening/due").param("date", "2025-03-04").header("Accept-Language", "es")
                .with(fixtures.as(assistant))).andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("h1").text()).isEqualTo("Tamizajes pendientes el 2025-03-04");
        assertThat(page.select("#due-" + adult.id() + " .up-to-date").text()).contains("\u00daltimo: 2024-11-01");
    }

    private Document page(String who, String date) throws Exception {
        return Jsoup.parse(mvc.perform(get("/screening/due").param("date", date).with(fixtures.as(who))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }
}
