package org.tandem.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
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
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class AuditPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    NamedParameterJdbcTemplate sql;

    PageFixtures fixtures;
    PracticeId practice;
    String admin;
    String assistant;
    PatientRecord patient;

    @BeforeEach
    void createPracticeWithActivity() throws Exception {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Northside Clinic");
        admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        assistant = fixtures.staff(practice, "Maria Lopez", Role.MEDICAL_ASSISTANT);
        patient = fixtures.patient(practice, "Ferreira", "Joana", LocalDate.of(1975, 1, 2), "AUD-1", null);
        mvc.perform(get("/patients/" + patient.id()).with(fixtures.as(assistant))).andExpect(status().isOk());
    }

    @Test
    void nonAdminIsForbiddenFromTheAuditTrail() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/admin/audit").with(fixtures.as(assistant)))
                .andExpect(status().isForbidden()).andReturn().getResponse().getContentAsString());
        mvc.perform(get("/admin/audit/patients/" + patient.id()).with(fixtures.as(assistant))).andExpect(status().isForbidden());
        mvc.perform(post("/admin/audit/verify").with(fixtures.as(assistant)).with(csrf())).andExpect(status().isForbidden());
        assertThat(page.select("a[href=/admin/audit]")).isEmpty();
    }

    @Test
    void auditPageListsRecentEventsOfThePractice() throws Exception {
        Document page = page("/admin/audit");
        var rows = page.select("table.audit tbody tr");
        assertThat(rows).isNotEmpty();
        assertThat(rows.text()).contains(assistant, "Medical assistant", "Read", "Web", "Ferreira, Joana", "Patient", "Success");
        assertThat(page.select("table.audit thead th").eachText()).containsExactly("When", "Who", "Role", "Action", "Interface",
                "Address", "Patient", "Resource", "Outcome", "Detail");
    }

    @Test
    void verifyingAnIntactTrailSaysIntact() throws Exception {
        MvcResult verified = mvc.perform(post("/admin/audit/verify").with(fixtures.as(admin)).with(csrf()))
                .andExpect(redirectedUrl("/admin/audit")).andExpect(flash().attribute("intact", true)).andReturn();
        Document page = Jsoup.parse(mvc.perform(get("/admin/audit").with(fixtures.as(admin))
                .flashAttrs(verified.getFlashMap())).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#verify-result").text()).matches("The audit trail is intact \\(\\d+ events checked\\)\\.");
    }

    @Test
    void verifyingATamperedTrailShowsTheFirstBrokenLink() throws Exception {
        sql.update("UPDATE audit_event SET detail = 'tampered' WHERE practice_id = :p AND seq = 1", Map.of("p", practice.value()));
        MvcResult verified = mvc.perform(post("/admin/audit/verify").with(fixtures.as(admin)).with(csrf()))
                .andExpect(flash().attribute("intact", false)).andReturn();
        Document page = Jsoup.parse(mvc.perform(get("/admin/audit").with(fixtures.as(admin))
                .flashAttrs(verified.getFlashMap())).andReturn().getResponse().getContentAsString());
        assertThat(page.select("#verify-result").text()).startsWith("The audit trail is broken at event 1");
    }

    @Test
    void mrnSearchOpensThePatientsAccessHistoryWhichIsItselfAudited() throws Exception {
        mvc.perform(get("/admin/audit").param("mrn", "AUD-1").with(fixtures.as(admin)))
                .andExpect(redirectedUrl("/admin/audit/patients/" + patient.id()));
        Document page = page("/admin/audit/patients/" + patient.id());
        assertThat(page.select("h1").text()).isEqualTo("Access history: Ferreira, Joana");
        assertThat(page.select("table.audit tbody").text()).contains(assistant, "Read");
        Document again = page("/admin/audit/patients/" + patient.id());
        assertThat(again.select("table.audit tbody tr").first().text()).contains(admin, "Read", "AuditEvent");
    }

    @Test
    void unknownMrnOrPatientIsExplained() throws Exception {
        assertThat(page("/admin/audit?mrn=NOPE").select(".alert.error").text()).contains("NOPE");
        mvc.perform(get("/admin/audit/patients/" + UUID.randomUUID()).with(fixtures.as(admin))).andExpect(status().isNotFound());
        mvc.perform(get("/admin/audit/patients/garbage").with(fixtures.as(admin))).andExpect(status().isNotFound());
    }

    private Document page(String url) throws Exception {
        return Jsoup.parse(mvc.perform(get(url).with(fixtures.as(admin)).session(new MockHttpSession())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
    }
}
