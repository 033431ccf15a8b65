package org.tandem.patient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
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
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class PatientPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;

    PageFixtures fixtures;
    PracticeId practice;
    String assistant;
    String frontDesk;
    PatientRecord patient;

    @BeforeEach
    void createPracticeWithOnePatient() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        String pcpEmail = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        UUID pcp = fixtures.staffId(practice, pcpEmail);
        assistant = fixtures.staff(practice, "Maria Lopez", Role.MEDICAL_ASSISTANT);
        frontDesk = fixtures.staff(practice, "Frank Desk", Role.FRONT_DESK);
        patient = fixtures.patient(practice, "Quintero", "Elena Maria", LocalDate.of(1980, 4, 12), "MRN-4711", pcp);
        fixtures.encounter(practice, patient, Instant.parse("2025-03-04T15:30:00Z"), "Office visit", "185349003", pcp);
        fixtures.observation(practice, patient, "phq9-1", "PHQ-9 total score", "44261-6", new BigDecimal("14"),
                Instant.parse("2025-03-04T15:45:00Z"));
        fixtures.condition(practice, patient, "dep-1", "Major depressive disorder", "370143000",
                Instant.parse("2025-03-04T16:00:00Z"));
    }

    @Test
    void searchByNameListsThePatientWithPcpAndLink() throws Exception {
        Document page = html(mvc.perform(get("/patients").param("q", "quintero elena").with(fixtures.as(assistant)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        var rows = page.select("#results tbody tr");
        assertThat(rows).hasSize(1);
        assertThat(rows.text()).contains("Quintero, Elena Maria", "MRN-4711", "1980-04-12", "Female", "Dr. Amara Okafor");
        assertThat(rows.select("a").attr("href")).isEqualTo("/patients/" + patient.id());
        assertThat(page.select("header").text()).contains("Maria Lopez", "Medical assistant", "Riverside Family Medicine");
        assertThat(page.select("#q").attr("hx-get")).isEqualTo("/patients");
        assertThat(page.select("#q").attr("hx-trigger")).isEqualTo("input changed delay:300ms, search");
    }

    @Test
    void searchByMrnAndBirthDateFindsThePatient() throws Exception {
        for (String q : new String[] { "MRN-4711", "1980-04-12", "04/12/1980" }) {
            Document page = html(mvc.perform(get("/patients").param("q", q).with(fixtures.as(assistant)))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
            assertThat(page.select("#results tbody tr")).as(q).hasSize(1);
        }
    }

    @Test
    void htmxRequestGetsOnlyTheResultsFragment() throws Exception {
        String body = mvc.perform(get("/patients").param("q", "quintero").header("HX-Request", "true").with(fixtures.as(assistant)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("<header").contains("id=\"results\"").contains("Quintero, Elena Maria");
    }

    @Test
    void searchWithoutMatchesSaysSo() throws Exception {
        Document page = html(mvc.perform(get("/patients").param("q", "nobody-here").with(fixtures.as(assistant)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#results tbody tr")).isEmpty();
        assertThat(page.select("#results .empty").text()).contains("No patient matches");
    }

    @Test
    void overviewShowsDemographicsVisitsAndClinicalFacts() throws Exception {
        Document page = html(mvc.perform(get("/patients/" + patient.id()).with(fixtures.as(assistant)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("h1").text()).isEqualTo("Quintero, Elena Maria");
        assertThat(page.select(".facts-grid").text()).contains("MRN-4711", "1980-04-12", "Female", "es", "Dr. Amara Okafor");
        // 15:30 UTC is 09:30 in Chicago (CST, before the switch to daylight time on 9 March 2025)
        assertThat(page.select("#encounters-heading + .table-wrap tbody").text())
                .contains("2025-03-04 09:30", "Office visit", "185349003", "finished", "Dr. Amara Okafor");
        String facts = page.select("section[aria-labelledby=facts-heading]").text();
        assertThat(facts).contains("Conditions", "Major depressive disorder", "370143000", "Observations", "PHQ-9 total score",
                "http://loinc.org", "44261-6", "14 {score}");
        assertThat(page.select("a[href^=/admin/audit/patients]")).isEmpty();
    }

    @Test
    void frontDeskSeesVisitsButNoClinicalFacts() throws Exception {
        Document page = html(mvc.perform(get("/patients/" + patient.id()).with(fixtures.as(frontDesk)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.text()).contains("Office visit").doesNotContain("Major depressive disorder", "PHQ-9");
        assertThat(page.select(".note").text()).contains("does not include reading clinical facts");
    }

    @Test
    void adminSeesLinkToAccessHistory() throws Exception {
        String admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        Document page = html(mvc.perform(get("/patients/" + patient.id()).with(fixtures.as(admin)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("a[href=/admin/audit/patients/" + patient.id() + "]").text()).isEqualTo("Access history");
    }

    @Test
    void unknownOrMalformedPatientIdShowsNotFoundPage() throws Exception {
        for (String id : new String[] { UUID.randomUUID().toString(), "not-a-uuid" }) {
            Document page = html(mvc.perform(get("/patients/" + id).with(fixtures.as(assistant)))
                    .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString());
            assertThat(page.select("h1").text()).isEqualTo("Not found");
        }
    }

    @Test
    void patientOfAnotherPracticeIsNotFound() throws Exception {
        PracticeId other = fixtures.practice("Other Clinic");
        String stranger = fixtures.staff(other, "Sam Stranger", Role.PCP);
        mvc.perform(get("/patients/" + patient.id()).with(fixtures.as(stranger))).andExpect(status().isNotFound());
    }

    @Test
    void supportStaffGetForbiddenPageForPatients() throws Exception {
        String facilitator = fixtures.supportStaff("Fiona Facilitator");
        Document page = html(mvc.perform(get("/patients").param("q", "quintero").with(fixtures.as(facilitator)))
                .andExpect(status().isForbidden()).andReturn().getResponse().getContentAsString());
        assertThat(page.select("h1").text()).isEqualTo("Not available for your role");
    }

    static Document html(String body) {
        return Jsoup.parse(body);
    }
}
