package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
import org.tandem.patient.PatientRecord;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.screening.ScreeningResult;
import org.tandem.testsupport.PracticeFixture;

/** The caseload page and the queue of new results, rendered and read back as HTML. */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class CaseloadPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;

    PageFixtures fixtures;
    PracticeFixture practice;
    CaseloadTestData data;
    Episode grace;
    Episode tom;
    Episode lily;
    ScreeningResult lilySafety;
    ScreeningResult tomLatest;

    @BeforeEach
    void setUp() {
        fixtures = new PageFixtures(context);
        practice = PracticeFixture.create(practices, "Caseload pages");
        data = new CaseloadTestData(context, practice.actor(Role.CARE_MANAGER));
        UUID careManager = practice.accounts().get(Role.CARE_MANAGER);
        // Grace: week 9, PHQ-9 20 -> 14, contacted 10 days ago: needs a psychiatric review
        PatientRecord g = data.patient("Mwangi", "Grace", LocalDate.of(1975, 6, 1), "MRN-100");
        data.phq9(g, 62, 20, false);
        grace = data.enrol(g, EpisodeFocus.DEPRESSION, 60, careManager);
        data.contact(grace, 59);
        data.contact(grace, 10);
        data.phq9(g, 20, 14, false);
        // Tom: anxiety, 20 days, GAD-7 9 -> 15: worsening
        PatientRecord t = data.patient("Baker", "Tom", LocalDate.of(1990, 2, 3), "MRN-200");
        tom = data.enrol(t, EpisodeFocus.ANXIETY, 20, careManager);
        data.gad7(t, 20, 9);
        data.contact(tom, 3);
        tomLatest = data.gad7(t, 3, 15);
        // Lily: the BHC's patient, 5 days, a PHQ-9 with item 9 positive
        PatientRecord l = data.patient("Chen", "Lily", LocalDate.of(2001, 1, 5), "MRN-300");
        lily = data.enrol(l, EpisodeFocus.DEPRESSION, 5, practice.accounts().get(Role.BHC));
        data.phq9(l, 5, 16, false);
        lilySafety = data.phq9(l, 2, 18, true);
    }

    @Test
    void aCareManagerSeesTheirOwnCaseloadWithProgressAndFlagsWithTheirReasons() throws Exception {
        Document page = page(Role.CARE_MANAGER, get("/registry"));

        assertThat(page.select("h1").text()).isEqualTo("Caseload of Test CARE_MANAGER");
        assertThat(page.select("#caseload-summary").text()).isEqualTo("2 open episode(s)");
        // sorted by flags by default: worsening (Tom) before psychiatric review (Grace)
        assertThat(names(page)).containsExactly("Baker, Tom", "Mwangi, Grace");
        Element g = page.getElementById("episode-" + grace.id());
        assertThat(g.select("th a").attr("href")).isEqualTo("/registry/episodes/" + grace.id());
        assertThat(g.select("th .sub").text()).isEqualTo("MRN-100 · " + (LocalDate.now(CaseloadTestData.ZONE).getYear() - 1975
                - (LocalDate.now(CaseloadTestData.ZONE).isBefore(LocalDate.of(LocalDate.now(CaseloadTestData.ZONE).getYear(), 6, 1)) ? 1 : 0))
                + " y");
        assertThat(g.select("td.weeks").text()).isEqualTo("8");
        assertThat(g.select("td.phq9 .score").text()).isEqualTo("20 → 14");
        assertThat(g.select("td.phq9-change").text()).isEqualTo("-30%");
        assertThat(g.select("td.gad7").text()).isEqualTo("—");
        assertThat(g.select("td.last-contact").text()).isEqualTo(CaseloadTestData.today().minusDays(10) + " 10 day(s) ago");
        assertThat(g.select("td.next-contact").text()).isEqualTo(CaseloadTestData.today().plusDays(4).toString());
        assertThat(g.select("td.contacts").text()).isEqualTo("2");
        assertThat(g.attr("data-flags")).isEqualTo("needs-psychiatric-review");
        assertThat(g.select("td.flags .badge").text()).isEqualTo("Psychiatric review");
        assertThat(g.select("td.flags .reason").text()).isEqualTo("Week 9 of treatment, PHQ-9 20 → 14: not improved (less than 50% "
                + "lower and still 10 or more) and no psychiatric review since week 8 began");
        Element t = page.getElementById("episode-" + tom.id());
        assertThat(t.select("td.gad7 .score").text()).isEqualTo("9 → 15");
        assertThat(t.select("td.gad7-change").text()).isEqualTo("+66%");
        assertThat(t.select("td.flags .reason").text()).isEqualTo("GAD-7 went from 9 to 15 (5 points or more worse)");
        assertThat(page.select(".flag-summary a").eachText()).containsExactly("Worsening: 1", "Psychiatric review: 1");
        assertThat(page.select("button[data-print]")).hasSize(1);
    }

    @Test
    void othersSeeEveryCareManagersEpisodesAndCanChooseOne() throws Exception {
        Document all = page(Role.PCP, get("/registry"));
        assertThat(all.select("h1").text()).isEqualTo("Caseload: all care managers");
        assertThat(names(all)).containsExactly("Chen, Lily", "Baker, Tom", "Mwangi, Grace"); // safety first
        assertThat(all.getElementById("episode-" + lily.id()).hasClass("safety")).isTrue();
        assertThat(all.select("#caseload-manager option[selected]").attr("value")).isEqualTo("all");

        Document bhc = page(Role.PCP, get("/registry").param("careManager", practice.accounts().get(Role.BHC).toString()));
        assertThat(bhc.select("h1").text()).isEqualTo("Caseload of Test BHC");
        assertThat(names(bhc)).containsExactly("Chen, Lily");
        Document everyone = page(Role.CARE_MANAGER, get("/registry").param("careManager", "all"));
        assertThat(names(everyone)).hasSize(3);
    }

    @Test
    void columnHeadingsSortBothWaysAndSayWhichColumnIsSorted() throws Exception {
        Document page = page(Role.PCP, get("/registry"));
        Element weeks = page.getElementById("col-weeks");
        assertThat(weeks.hasAttr("aria-sort")).isFalse();
        assertThat(page.getElementById("col-flags").attr("aria-sort")).isEqualTo("descending");
        assertThat(weeks.select("a").attr("href")).isEqualTo("/registry?careManager=all&sort=weeks&dir=desc");

        Document longest = page(Role.PCP, get(weeks.select("a").attr("href")));
        assertThat(names(longest)).containsExactly("Mwangi, Grace", "Baker, Tom", "Chen, Lily");
        assertThat(longest.getElementById("col-weeks").attr("aria-sort")).isEqualTo("descending");
        assertThat(longest.select("th[aria-sort]")).hasSize(1);
        String flip = longest.getElementById("col-weeks").select("a").attr("href");
        assertThat(flip).isEqualTo("/registry?careManager=all&sort=weeks&dir=asc");
        Document shortest = page(Role.PCP, get(flip));
        assertThat(names(shortest)).containsExactly("Chen, Lily", "Baker, Tom", "Mwangi, Grace");
        assertThat(shortest.getElementById("col-weeks").attr("aria-sort")).isEqualTo("ascending");

        Document byPhq9 = page(Role.PCP, get("/registry").param("sort", "phq9").param("dir", "desc"));
        assertThat(names(byPhq9)).containsExactly("Chen, Lily", "Mwangi, Grace", "Baker, Tom"); // 18, 14, none last
        Document byName = page(Role.PCP, get("/registry").param("sort", "patient"));
        assertThat(names(byName)).containsExactly("Baker, Tom", "Chen, Lily", "Mwangi, Grace");
    }

    @Test
    void filtersByFlagFocusAndStatusAndExplainBadValues() throws Exception {
        Document safety = page(Role.PCP, get("/registry").param("flag", "safety"));
        assertThat(names(safety)).containsExactly("Chen, Lily");
        assertThat(safety.select("#caseload-flag option[selected]").attr("value")).isEqualTo("safety");
        assertThat(page(Role.PCP, get("/registry").param("focus", "anxiety")).select("table.caseload tbody tr")).hasSize(1);
        assertThat(page(Role.PCP, get("/registry").param("status", "relapse-prevention")).select(".empty").text())
                .isEqualTo("No open episode matches.");

        Document bad = page(Role.PCP, get("/registry").param("status", "sleeping").param("flag", "nope").param("sort", "height")
                .param("careManager", "someone"));
        assertThat(bad.select(".alert.error p").eachText()).containsExactly(
                "That care manager is not on this practice's staff; all care managers are shown.",
                "Unknown status; all open statuses are shown.", "Unknown flag; all rows are shown.",
                "Unknown column to sort by; rows are sorted by flags.");
        assertThat(names(bad)).hasSize(3);
    }

    @Test
    void onlyCliniciansSeeTheCaseloadAndTheQueue() throws Exception {
        mvc.perform(get("/registry").with(fixtures.as(practice.emails().get(Role.FRONT_DESK)))).andExpect(status().isForbidden());
        mvc.perform(get("/registry/results").with(fixtures.as(practice.emails().get(Role.PRACTICE_ADMIN))))
                .andExpect(status().isForbidden());
        mvc.perform(get("/registry")).andExpect(status().is3xxRedirection());
    }

    @Test
    void theCaseloadSpeaksSpanish() throws Exception {
        Document page = page(Role.CARE_MANAGER, get("/registry").header("Accept-Language", "es"));
        assertThat(page.select("h1").text()).isEqualTo("Casos de Test CARE_MANAGER");
        assertThat(page.getElementById("col-weeks").text()).isEqualTo("Semanas en tratamiento");
        assertThat(page.getElementById("episode-" + grace.id()).select("td.flags .badge").text()).isEqualTo("Revisión psiquiátrica");
        assertThat(page.getElementById("episode-" + tom.id()).select("td.flags .reason").text())
                .isEqualTo("GAD-7 pasó de 9 a 15 (5 puntos o más peor)");
    }

    @Test
    void theResultsQueueShowsSafetyFirstAndMarksResultsReviewed() throws Exception {
        Document queue = page(Role.PCP, get("/registry/results"));
        assertThat(queue.select("h1").text()).isEqualTo("New results to review");
        List<String> ids = queue.select("table.results tbody tr").eachAttr("id");
        // five results after enrolment: Lily's two PHQ-9s, Tom's two GAD-7s, Grace's later PHQ-9; safety first, then oldest
        assertThat(ids).hasSize(5).first().isEqualTo("result-" + lilySafety.response().id());
        assertThat(queue.select("#results-summary").text()).isEqualTo("5 result(s) to review, 1 with a safety signal");
        Element safety = queue.getElementById("result-" + lilySafety.response().id());
        assertThat(safety.select("th a").attr("href")).isEqualTo("/registry/episodes/" + lily.id());
        assertThat(safety.text()).contains("Chen, Lily", "PHQ-9", "18", "Safety item positive", "Entered by staff");
        assertThat(safety.select("button").attr("aria-label")).isEqualTo("Mark PHQ-9 of Chen, Lily reviewed");
        Element gad = queue.getElementById("result-" + tomLatest.response().id());
        assertThat(gad.select("th a").attr("href")).isEqualTo("/registry/episodes/" + tom.id());
        // the care manager's own queue leaves out the BHC's patient
        assertThat(page(Role.CARE_MANAGER, get("/registry/results")).select("table.results tbody tr")).hasSize(3);

        String action = safety.select("form").attr("action");
        assertThat(safety.select("form input[name=_csrf]").attr("value")).isNotBlank();
        // without the CSRF token nothing changes
        String refused = mvc.perform(post(action).param("careManager", "all").with(fixtures.as(practice.emails().get(Role.PCP))))
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(refused).isNotEqualTo("/registry/results?careManager=all");
        assertThat(page(Role.PCP, get("/registry/results")).getElementById("result-" + lilySafety.response().id())).isNotNull();
        mvc.perform(post(action).param("careManager", "all").with(fixtures.as(practice.emails().get(Role.PCP))).with(csrf()))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/registry/results?careManager=all"));
        Document after = page(Role.PCP, get("/registry/results"));
        assertThat(after.getElementById("result-" + lilySafety.response().id())).isNull();
        assertThat(after.select("#results-summary").text()).isEqualTo("4 result(s) to review, 0 with a safety signal");
        // and the caseload no longer flags her
        assertThat(page(Role.PCP, get("/registry").param("flag", "safety")).select(".empty")).hasSize(1);
    }

    @Test
    void everyFlagStatusFocusAndColumnHasEnglishAndSpanishText() throws IOException {
        Properties english = load("/messages.properties");
        Properties spanish = load("/messages_es.properties");
        List<String> keys = new ArrayList<>();
        for (Flag flag : Flag.values()) {
            keys.add(flag.messageKey());
            keys.add(flag.reasonKey());
        }
        for (Flag flag : List.of(Flag.NO_RECENT_CONTACT, Flag.NO_RECENT_MEASUREMENT, Flag.NO_SERVICES_6_MONTHS)) {
            keys.add(flag.reasonKey() + ".never");
        }
        for (EpisodeStatus s : EpisodeStatus.values()) {
            keys.add("registry.caseload.status." + s.code());
        }
        for (EpisodeFocus f : EpisodeFocus.values()) {
            keys.add("registry.caseload.focus." + f.code());
        }
        for (CaseloadPages.Column c : CaseloadPages.Column.values()) {
            keys.add(c.messageKey());
        }
        for (String mode : List.of("staff", "self", "api", "home")) {
            keys.add("registry.results.mode." + mode);
        }
        assertThat(keys.stream().filter(k -> !english.containsKey(k))).isEmpty();
        assertThat(keys.stream().filter(k -> !spanish.containsKey(k))).isEmpty();
    }

    private static List<String> names(Document page) {
        return page.select("table.caseload tbody th.patient a").eachText();
    }

    private Document page(Role role, MockHttpServletRequestBuilder request) throws Exception {
        String html = mvc.perform(request.with(fixtures.as(practice.emails().get(role)))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return Jsoup.parse(html);
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = CaseloadPagesTests.class.getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
