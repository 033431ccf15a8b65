package org.tandem.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Locale;
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
class HomePageTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;

    PageFixtures fixtures;
    PracticeId practice;
    String assistant;

    @BeforeEach
    void createPractice() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Hillside Clinic");
        assistant = fixtures.staff(practice, "Maria Lopez", Role.MEDICAL_ASSISTANT);
    }

    @Test
    void loginPageRendersFormWithCsrfAndStrictHeaders() throws Exception {
        var result = mvc.perform(get("/login")).andExpect(status().isOk()).andReturn();
        Document page = Jsoup.parse(result.getResponse().getContentAsString());
        assertThat(page.select("form[action=/login][method=post] input[name=email]")).hasSize(1);
        assertThat(page.select("form[action=/login] input[name=password][type=password]")).hasSize(1);
        assertThat(page.select("form[action=/login] input[name=_csrf]")).hasSize(1);
        assertThat(page.select("label[for=email]").text()).isEqualTo("E-mail");
        assertThat(page.select("a.skip-link").attr("href")).isEqualTo("#main");
        assertThat(page.select("script[src~=^/webjars/htmx.org/(2[^/]*/)?dist/htmx.min.js$]")).hasSize(1);
        assertThat(page.select("meta[name=htmx-config]").attr("content")).isEqualTo("{\"includeIndicatorStyles\":false}");
        assertThat(page.select("script:not([src])")).isEmpty();
        assertThat(page.select("[style], style")).isEmpty();
        assertThat(page.select("nav.site-nav")).isEmpty();
        assertThat(result.getResponse().getHeader("Content-Security-Policy")).contains("script-src 'self'");
    }

    @Test
    void loginPageExplainsEachReason() throws Exception {
        assertThat(alert("error")).contains("Wrong e-mail or password");
        assertThat(alert("locked")).contains("locked").contains("practice admin");
        assertThat(alert("disabled")).contains("disabled");
        assertThat(alert("expired")).contains("inactivity");
        assertThat(alert("signedOut")).contains("signed out");
    }

    @Test
    void loginPageSpeaksSpanish() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/login").locale(new Locale("es")).header("Accept-Language", "es"))
                .andReturn().getResponse().getContentAsString());
        assertThat(page.select("h1").text()).isEqualTo("Iniciar sesión en Tandem");
        assertThat(page.select("html").attr("lang")).isEqualTo("es");
    }

    @Test
    void formLoginWithRightPasswordLandsOnHomeAndWrongPasswordSaysSo() throws Exception {
        mvc.perform(formLogin("/login").userParameter("email").user(assistant).password(PageFixtures.PASSWORD))
                .andExpect(redirectedUrl("/"));
        mvc.perform(formLogin("/login").userParameter("email").user(assistant).password("wrong password!"))
                .andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void homeGreetsMedicalAssistantWithPracticeRoleAndSearch() throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/").with(fixtures.as(assistant))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(page.select("h1").text()).isEqualTo("Hello, Maria Lopez");
        assertThat(page.select("main .lead").text()).contains("Medical assistant").contains("Hillside Clinic");
        assertThat(page.select("header .who-name").text()).isEqualTo("Maria Lopez");
        assertThat(page.select("main form[action=/patients] input[name=q]")).hasSize(1);
        assertThat(page.select("nav.site-nav a").eachText()).containsExactly("Home", "Patients", "Due today", "Screening reach",
                "Handoffs", "BH schedule", "Measures");
        assertThat(page.select("main a[href=/screening/due]")).hasSize(1);
        assertThat(page.select("header form[action=/logout][method=post] input[name=_csrf]")).hasSize(1);
        assertThat(page.select("meta[name=_csrf]").attr("content")).isNotBlank();
        assertThat(page.select("meta[name=_csrf_header]").attr("content")).isEqualTo("X-CSRF-TOKEN");
    }

    @Test
    void adminSeesAdministrationLinks() throws Exception {
        String admin = fixtures.staff(practice, "Ada Admin", Role.PRACTICE_ADMIN);
        Document page = Jsoup.parse(mvc.perform(get("/").with(fixtures.as(admin))).andReturn().getResponse().getContentAsString());
        assertThat(page.select("nav.site-nav a:not(.nav-alerts)").eachText()).containsExactly("Home", "Patients", "Users", "Audit",
                "Screening program", "Registry settings", "Schedules & handoffs");
        assertThat(page.select("main a[href=/admin/registry]")).hasSize(1);
        assertThat(page.select("main a[href=/registry]")).isEmpty();
        assertThat(page.select("main a[href=/admin/screening]")).hasSize(1);
        assertThat(page.select("main a[href=/admin/users]")).hasSize(1);
        assertThat(page.select("main a[href=/admin/audit]")).hasSize(1);
    }

    @Test
    void pcpSeesCollaborativeCareAndTheirInbox() throws Exception {
        String pcp = fixtures.staff(practice, "Paula Pcp", Role.PCP);
        Document page = Jsoup.parse(mvc.perform(get("/").with(fixtures.as(pcp))).andReturn().getResponse().getContentAsString());
        assertThat(page.select("nav.site-nav a:not(.nav-alerts)").eachText()).containsExactly("Home", "Patients", "Due today",
                "Screening reach", "Collaborative care", "Inbox", "Handoffs", "BH schedule", "Measures");
        assertThat(page.select("main a[href=/registry], main a[href=/registry/review], main a[href=/inbox]")).hasSize(3);
    }

    @Test
    void supportStaffSeeAggregatesStatementAndNoPatientSearch() throws Exception {
        String facilitator = fixtures.supportStaff("Fiona Facilitator");
        Document page = Jsoup.parse(mvc.perform(get("/").with(fixtures.as(facilitator))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(page.select("h1").text()).isEqualTo("Hello, Fiona Facilitator");
        assertThat(page.select("main").text()).contains("de-identified aggregates");
        assertThat(page.select("input[name=q]")).isEmpty();
        assertThat(page.select("nav.site-nav a").eachText()).containsExactly("Home");
        assertThat(page.select("header .who-detail").text()).contains("Practice facilitator", "Support");
    }

    @Test
    void anonymousVisitorIsSentToSignIn() throws Exception {
        mvc.perform(get("/patients")).andExpect(status().is3xxRedirection());
    }

    private String alert(String reason) throws Exception {
        Document page = Jsoup.parse(mvc.perform(get("/login?" + reason)).andReturn().getResponse().getContentAsString());
        return page.select(".alert").text();
    }
}
