package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.PracticeFixture;

/**
 * The registry pages: enrolment from a positive screen or a safety alert, the episode page with its trajectory chart,
 * and the forms on it (a contact with a PHQ-9 adds a point to the chart; a bad form keeps what was typed and changes
 * nothing); other practices see nothing.
 */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class EpisodePagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;
    @Autowired
    Screenings screenings;
    @Autowired
    Episodes episodes;
    @Autowired
    TimeLog timeLog;
    @Autowired
    RegistryResults results;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;

    PageFixtures fixtures;
    PracticeFixture practice;
    PatientRecord patient;
    String careManager;

    @BeforeEach
    void setUp() {
        fixtures = new PageFixtures(context);
        practice = PracticeFixture.create(practices, "Registry pages practice");
        patient = fixtures.patient(practice.id(), "Quintero", "Elena Maria", LocalDate.of(1980, 4, 12), "MRN-4711",
                practice.accounts().get(Role.PCP));
        careManager = practice.emails().get(Role.CARE_MANAGER);
    }

    // ------------------------------------------------------------ enrolment

    @Test
    void aPositivePhq9OffersEnrolmentAndOneClickEnrolsWithEverythingPrefilled() throws Exception {
        ScreeningResult phq9 = screen(Instruments.PHQ_9, 2, 2, 2, 2, 2, 2, 2, 1, 0);

        Document result = html(mvc.perform(get("/patients/" + patient.id() + "/screening/responses/" + phq9.response().id())
                .with(fixtures.as(careManager))).andExpect(status().isOk()));
        String link = result.select("a[href*=/registry/enrol]").attr("href");
        assertThat(link).isEqualTo("/patients/" + patient.id() + "/registry/enrol?response=" + phq9.response().id());

        Document form = html(mvc.perform(get(link).with(fixtures.as(careManager))).andExpect(status().isOk()));
        assertThat(form.select("input[name=focus][checked]").val()).isEqualTo("depression");
        assertThat(form.select("input[name=status][checked]").val()).isEqualTo("enrolled");
        assertThat(form.select("select[name=careManager] option[selected]").val())
                .isEqualTo(practice.accounts().get(Role.CARE_MANAGER).toString());
        assertThat(form.select("select[name=pcp] option[selected]").val()).isEqualTo(practice.accounts().get(Role.PCP).toString());
        assertThat(form.select("select[name=consultant] option[selected]").val())
                .isEqualTo(practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT).toString());
        assertThat(form.select("select[name=billingModel] option[selected]").val()).isEqualTo("cocm");
        assertThat(form.select(".enrol-source").text()).contains("PHQ-9", "15 of 27", "Moderately severe", "Positive");

        String location = mvc.perform(submitForm(form, "form.enrol-form").with(fixtures.as(careManager)))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/registry/episodes/");
        Episode episode = asCareManager(() -> episodes.of(patient.id())).get(0);
        assertThat(location).isEqualTo("/registry/episodes/" + episode.id());
        assertThat(episode.focus()).isEqualTo(EpisodeFocus.DEPRESSION);
        assertThat(episode.status()).isEqualTo(EpisodeStatus.ENROLLED);
        assertThat(episode.sourceResponse()).isEqualTo(phq9.response().id());
        assertThat(episode.careManager()).isEqualTo(practice.accounts().get(Role.CARE_MANAGER));
        assertThat(episode.pcp()).isEqualTo(practice.accounts().get(Role.PCP));

        Document page = html(mvc.perform(get(location).with(fixtures.as(careManager))).andExpect(status().isOk()));
        assertThat(page.select("h1").text()).contains("Depression care", "Quintero, Elena Maria");
        assertThat(page.select(".status-badge").text()).isEqualTo("Enrolled");
        assertThat(page.select("svg.trajectory .series.phq9 circle")).hasSize(1);
        assertThat(page.select("svg.trajectory .series.phq9 text.value").text()).isEqualTo("15");
        assertThat(page.select("svg.trajectory .target text").text()).isEqualTo("50% target 7.5");
        assertThat(page.select("svg.trajectory .target title").text()).isEqualTo("50% target: 7.5 (baseline 15)");
        assertThat(page.select(".episode-summary").text()).contains("Not documented", "Test CARE_MANAGER", "Test PCP");
    }

    @Test
    void aSafetyAlertOffersEnrolmentAndTheEpisodeRemembersTheAlert() throws Exception {
        ScreeningResult phq9 = screen(Instruments.PHQ_9, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        UUID alert = phq9.alert().orElseThrow();
        String bhc = practice.emails().get(Role.BHC);

        Document alertPage = html(mvc.perform(get("/alerts/" + alert).with(fixtures.as(bhc))).andExpect(status().isOk()));
        String link = alertPage.select("a.enrol-link").attr("href");
        assertThat(link).isEqualTo("/patients/" + patient.id() + "/registry/enrol?alert=" + alert);

        Document form = html(mvc.perform(get(link).with(fixtures.as(bhc))).andExpect(status().isOk()));
        assertThat(form.select("input[name=focus][checked]").val()).isEqualTo("depression");
        assertThat(form.select(".enrol-source").text()).contains("Safety alert");
        assertThat(form.select("input[name=response]").val()).isEqualTo(phq9.response().id().toString());
        mvc.perform(submitForm(form, "form.enrol-form").with(fixtures.as(bhc))).andExpect(status().is3xxRedirection());

        Episode episode = asCareManager(() -> episodes.of(patient.id())).get(0);
        assertThat(episode.sourceAlert()).isEqualTo(alert);
        assertThat(episode.sourceResponse()).isEqualTo(phq9.response().id());
        assertThat(episode.careManager()).isEqualTo(practice.accounts().get(Role.BHC));
    }

    @Test
    void aPcpRefersByDefaultAndAScreenOfAnotherPatientIsNotFound() throws Exception {
        ScreeningResult gad7 = screen(Instruments.GAD_7, 2, 2, 2, 2, 1, 1, 1);
        String pcp = practice.emails().get(Role.PCP);

        Document form = html(mvc.perform(get("/patients/" + patient.id() + "/registry/enrol?response=" + gad7.response().id())
                .with(fixtures.as(pcp))).andExpect(status().isOk()));
        assertThat(form.select("input[name=focus][checked]").val()).isEqualTo("anxiety");
        assertThat(form.select("input[name=status][checked]").val()).isEqualTo("referred");
        assertThat(form.select("select[name=careManager] option[selected]")).isEmpty();

        PatientRecord other = fixtures.patient(practice.id(), "Other", "Person", LocalDate.of(1970, 1, 1), "MRN-2", null);
        mvc.perform(get("/patients/" + other.id() + "/registry/enrol?response=" + gad7.response().id()).with(fixtures.as(pcp)))
                .andExpect(status().isNotFound());
    }

    @Test
    void enrolmentWithoutAFocusIsRefusedWithWhatWasTypedKept() throws Exception {
        String pcp = practice.emails().get(Role.PCP);
        Document page = html(mvc.perform(post("/patients/" + patient.id() + "/registry/enrol").with(csrf()).with(fixtures.as(pcp))
                .param("status", "referred").param("billingModel", "general-bhi").param("note", "Wants to start after the holidays")
                .param("on", LocalDate.now().toString())).andExpect(status().isUnprocessableContent()));
        assertThat(page.select("#enrol-problems").text()).contains("Choose the focus of care.");
        assertThat(page.select("textarea[name=note]").text()).isEqualTo("Wants to start after the holidays");
        assertThat(page.select("select[name=billingModel] option[selected]").val()).isEqualTo("general-bhi");
        assertThat(asCareManager(() -> episodes.of(patient.id()))).isEmpty();

        // a second open episode of the same focus is refused by the registry, in words the clinician understands
        asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));
        Document twice = html(mvc.perform(post("/patients/" + patient.id() + "/registry/enrol").with(csrf()).with(fixtures.as(pcp))
                .param("focus", "depression").param("status", "referred").param("billingModel", "cocm"))
                .andExpect(status().isUnprocessableContent()));
        assertThat(twice.select("#enrol-problems").text()).contains("already has an open depression episode");
        assertThat(twice.select(".alert.info a").attr("href")).startsWith("/registry/episodes/");
    }

    @Test
    void thePatientOverviewLinksToTheRegistryWhichListsTheEpisodes() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.ANXIETY)));

        Document overview = html(mvc.perform(get("/patients/" + patient.id()).with(fixtures.as(careManager))).andExpect(status().isOk()));
        assertThat(overview.select("#registry a").attr("href")).isEqualTo("/patients/" + patient.id() + "/registry");
        Document registry = html(mvc.perform(get("/patients/" + patient.id() + "/registry").with(fixtures.as(careManager)))
                .andExpect(status().isOk()));
        assertThat(registry.select("table.episodes tbody tr")).singleElement().satisfies(row -> {
            assertThat(row.text()).contains("Anxiety", "Enrolled", "Test CARE_MANAGER");
            assertThat(row.select("a").attr("href")).isEqualTo("/registry/episodes/" + episode.id());
        });
        assertThat(registry.select("a[href$=/registry/enrol]").text()).isEqualTo("Enrol in collaborative care");
    }

    // ------------------------------------------------------------ contacts with a measurement

    @Test
    void aContactWithAPhq9AddsAPointToTheChartInOneStep() throws Exception {
        LocalDate twoWeeksAgo = LocalDate.now(java.time.ZoneId.of("America/Chicago")).minusDays(14);
        screenOn(twoWeeksAgo, Instruments.PHQ_9, 2, 2, 2, 2, 2, 2, 2, 2, 0);
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(twoWeeksAgo, EpisodeStatus.ENROLLED)));
        Document before = page(episode);
        assertThat(before.select("svg.trajectory .series.phq9 circle")).hasSize(1);

        MockHttpServletRequestBuilder contact = contact(episode, "25", "phone", "follow-up", "Sleeping better, walking daily");
        phq9(contact, 1, 1, 1, 1, 1, 1, 1, 1, 0);
        String location = mvc.perform(contact).andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).isEqualTo("/registry/episodes/" + episode.id() + "#contacts");

        Document after = page(episode);
        Elements points = after.select("svg.trajectory .series.phq9 circle");
        assertThat(points).hasSize(2);
        assertThat(after.select("svg.trajectory .series.phq9 text.value").eachText()).containsExactly("16", "8");
        assertThat(after.select("svg.trajectory .series.phq9 polyline").attr("points").split(" ")).hasSize(2);
        assertThat(after.select("#trajectory-table tbody tr").text()).contains("16", "8");
        assertThat(after.select("table.contacts tbody tr")).singleElement().satisfies(row -> assertThat(row.text())
                .contains("25", "Phone", "Follow-up", "PHQ-9", "8", "Sleeping better, walking daily", "Test CARE_MANAGER"));
        assertThat(after.select(".episode-summary").text()).contains("25 min in 1 entry");
        assertThat(after.select(".progress-phq9").text()).contains("16 \u2192 8", "-8 points (-50%)", "Response");
        assertThat(after.select(".progress-gad7").text()).contains("Not measured yet");

        TimeEntry entry = asCareManager(() -> timeLog.of(episode.id())).get(0);
        assertThat(entry.minutes()).isEqualTo(25);
        assertThat(entry.response()).isNotNull();
        var stored = asCareManager(() -> screenings.get(entry.response()));
        assertThat(stored.total()).isEqualTo(8);
        assertThat(stored.mode()).isEqualTo("staff");
        // the care manager entered it, so it does not wait in their queue of new results
        assertThat(asCareManager(() -> results.of(patient.id()))).filteredOn(r -> r.response().equals(entry.response()))
                .singleElement().satisfies(r -> assertThat(r.reviewed()).isTrue());
    }

    @Test
    void aContactWithAPhq9AndAGad7StoresBothAndShowsThemOnTheContact() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        MockHttpServletRequestBuilder contact = contact(episode, "30", "video", "measurement", null);
        phq9(contact, 2, 2, 1, 1, 1, 1, 1, 1, 0);
        for (int i = 1; i <= 7; i++) {
            contact.param("gad-7." + i, "1");
        }
        mvc.perform(contact).andExpect(status().is3xxRedirection());

        Document page = page(episode);
        assertThat(page.select("svg.trajectory .series.phq9 circle")).hasSize(1);
        assertThat(page.select("svg.trajectory .series.gad7 rect")).hasSize(1);
        assertThat(page.select("svg.trajectory .series.gad7 text.value").text()).isEqualTo("7");
        assertThat(page.select("table.contacts .measured").eachText()).containsExactlyInAnyOrder("PHQ-9: 10", "GAD-7: 7");
        assertThat(asCareManager(() -> timeLog.of(episode.id()))).hasSize(1);
        var stored = asCareManager(() -> screenings.of(patient.id()));
        assertThat(stored).hasSize(2).allSatisfy(r -> assertThat(r.sitting()).isNotNull());
        assertThat(stored.get(0).sitting()).isEqualTo(stored.get(1).sitting());
        assertThat(stored.get(0).authoredAt()).isEqualTo(stored.get(1).authoredAt());
    }

    @Test
    void badMinutesAreExplainedTheInputIsKeptAndNothingIsStored() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        MockHttpServletRequestBuilder contact = contact(episode, "0", "phone", "follow-up", "Called about sleep");
        phq9(contact, 3, 2, 1, 0, 1, 2, 3, 0, 0);
        Document page = html(mvc.perform(contact).andExpect(status().isUnprocessableContent()));

        assertThat(page.select("#contact-problems").text()).contains("Nothing was saved",
                "Enter the minutes spent as a whole number from 1 to 480.");
        assertThat(page.select("#contact-minutes").val()).isEqualTo("0");
        assertThat(page.select("#contact-minutes").parents().first().hasClass("invalid")).isTrue();
        assertThat(page.select("#contact-note").text()).isEqualTo("Called about sleep");
        assertThat(page.select("#contact-mode option[selected]").val()).isEqualTo("phone");
        assertThat(page.select("#contact-activity option[selected]").val()).isEqualTo("follow-up");
        assertThat(page.select("#measure-phq-9").hasAttr("open")).isTrue();
        int[] kept = { 3, 2, 1, 0, 1, 2, 3, 0, 0 };
        for (int i = 0; i < 9; i++) {
            assertThat(page.select("select[name=phq-9." + (i + 1) + "] option[selected]").val()).isEqualTo(String.valueOf(kept[i]));
        }
        assertThat(asCareManager(() -> timeLog.of(episode.id()))).isEmpty();
        assertThat(asCareManager(() -> screenings.of(patient.id()))).isEmpty();
        assertThat(page.select("svg.trajectory .series circle")).isEmpty();

        // words instead of a number, and a PHQ-9 half answered
        MockHttpServletRequestBuilder words = contact(episode, "twenty", null, "follow-up", null);
        words.param("phq-9.1", "2").param("phq-9.2", "1");
        Document second = html(mvc.perform(words).andExpect(status().isUnprocessableContent()));
        assertThat(second.select("#contact-problems li").eachText()).containsExactly(
                "Enter the minutes spent as a whole number from 1 to 480.", "Choose how the contact happened.",
                "PHQ-9: answer every question or leave them all blank (not answered: 3, 4, 5, 6, 7, 8, 9).");
        assertThat(second.select("select[name=phq-9.3]").parents().first().hasClass("invalid")).isTrue();
        assertThat(asCareManager(() -> timeLog.of(episode.id()))).isEmpty();
    }

    @Test
    void aPhq9WithItem9RaisesASafetyAlertThatThePageLinks() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        MockHttpServletRequestBuilder contact = contact(episode, "15", "phone", "follow-up", null);
        phq9(contact, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        var result = mvc.perform(contact).andExpect(status().is3xxRedirection()).andReturn();
        UUID alert = jdbc.queryForObject("SELECT id FROM safety_alert WHERE practice_id = ?", UUID.class, practice.id().value());
        assertThat(result.getFlashMap().get("raisedAlerts")).isEqualTo(List.of(alert));

        Document page = html(mvc.perform(get(result.getResponse().getRedirectedUrl()).flashAttrs(result.getFlashMap())
                .with(fixtures.as(careManager))).andExpect(status().isOk()));
        assertThat(page.select(".safety-alert").text()).contains("raised a safety alert");
        assertThat(page.select(".safety-alert a").attr("href")).isEqualTo("/alerts/" + alert);
        assertThat(page.select(".alert.success").text()).contains("the chart shows the new scores");
    }

    // ------------------------------------------------------------ the other forms

    @Test
    void dischargeNeedsAReasonAndThenClosesTheEpisode() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        Document refused = html(mvc.perform(post("/registry/episodes/" + episode.id() + "/status").with(csrf())
                .with(fixtures.as(careManager)).param("to", "discharged").param("note", "Moved to Ohio")
                .param("version", String.valueOf(episode.version()))).andExpect(status().isUnprocessableContent()));
        assertThat(refused.select("#status .alert.error").text()).contains("Give the reason for discharge.");
        assertThat(refused.select("#status-note").val()).isEqualTo("Moved to Ohio");
        assertThat(asCareManager(() -> episodes.get(episode.id())).status()).isEqualTo(EpisodeStatus.ENROLLED);

        mvc.perform(post("/registry/episodes/" + episode.id() + "/status").with(csrf()).with(fixtures.as(careManager))
                .param("to", "discharged").param("reason", "moved").param("note", "Moved to Ohio")
                .param("version", String.valueOf(episode.version()))).andExpect(status().is3xxRedirection());
        Document page = page(episode);
        assertThat(page.select(".status-badge").text()).isEqualTo("Discharged");
        assertThat(page.select("table.history tbody tr").eachText()).anySatisfy(row -> assertThat(row).contains("Discharged",
                "Moved to Ohio"));
        assertThat(page.select("form.status-form")).isEmpty();
    }

    @Test
    void consentTeamPlanAndTreatmentChangesAreSavedAndShown() throws Exception {
        screen(Instruments.PHQ_9, 2, 2, 2, 2, 2, 2, 2, 2, 0);
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));
        String base = "/registry/episodes/" + episode.id();

        mvc.perform(post(base + "/consent").with(csrf()).with(fixtures.as(careManager)).param("method", "verbal")
                .param("on", LocalDate.now().toString())).andExpect(status().is3xxRedirection());
        mvc.perform(post(base + "/team").with(csrf()).with(fixtures.as(careManager))
                .param("careManager", practice.accounts().get(Role.CARE_MANAGER).toString())
                .param("pcp", practice.accounts().get(Role.PCP).toString())
                .param("consultant", practice.accounts().get(Role.PSYCHIATRIC_CONSULTANT).toString()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post(base + "/plan").with(csrf()).with(fixtures.as(careManager)).param("instruments", "phq-9", "gad-7")
                .param("activeCadence", "14").param("relapseCadence", "28").param("billingModel", "cocm").param("medicare", "true")
                .param("relapsePlan", "Warning signs: staying in bed. Call the care manager.")).andExpect(status().is3xxRedirection());
        mvc.perform(post(base + "/treatment-changes").with(csrf()).with(fixtures.as(careManager)).param("kind", "medication-start")
                .param("description", "Sertraline 50 mg daily").param("on", LocalDate.now().toString()))
                .andExpect(status().is3xxRedirection());

        Document page = page(episode);
        assertThat(page.select(".episode-summary").text()).contains("Verbal", "Test PSYCHIATRIC_CONSULTANT", "Medicare");
        assertThat(page.select("#plan").text()).contains("PHQ-9", "GAD-7", "Warning signs: staying in bed.");
        assertThat(page.select("svg.trajectory g.marker")).singleElement().satisfies(marker -> {
            assertThat(marker.select("text.marker-number").text()).isEqualTo("1");
            assertThat(marker.select("text.marker-label").text()).isEqualTo("Sertraline 50 mg daily");
        });
        assertThat(page.select("ol.changes li").text()).contains("Medication started", "Sertraline 50 mg daily");
        assertThat(page.select("#trajectory-table").text()).contains("1. Medication started: Sertraline 50 mg daily");
        assertThat(page.select("table.history tbody tr td:nth-child(2)").eachText())
                .containsExactly("Enrolled", "Consent documented", "Care team changed", "Plan changed");

        // a bad plan keeps what was typed and changes nothing
        Document refused = html(mvc.perform(post(base + "/plan").with(csrf()).with(fixtures.as(careManager))
                .param("instruments", "phq-9").param("activeCadence", "3").param("relapseCadence", "28").param("billingModel", "cocm")
                .param("home", "true").param("relapsePlan", "New text")).andExpect(status().isUnprocessableContent()));
        assertThat(refused.select("#plan .alert.error li").eachText()).containsExactly("Measure every 7 to 90 days in active treatment.");
        assertThat(refused.select("#plan-active").val()).isEqualTo("3");
        assertThat(refused.select("#plan-relapse-plan").text()).isEqualTo("New text");
        assertThat(refused.select("#plan details.edit, details.edit[open]")).isNotEmpty();
        assertThat(asCareManager(() -> episodes.get(episode.id())).relapsePreventionPlan())
                .isEqualTo("Warning signs: staying in bed. Call the care manager.");
        Document home = html(mvc.perform(post(base + "/plan").with(csrf()).with(fixtures.as(careManager))
                .param("instruments", "phq-9").param("activeCadence", "14").param("relapseCadence", "28").param("billingModel", "cocm")
                .param("home", "true")).andExpect(status().isUnprocessableContent()));
        assertThat(home.select("#plan .alert.error").text()).contains("Home measurement needs the patient's e-mail address or mobile number");
    }

    @Test
    void theEpisodePageReadsInSpanish() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));
        Document page = html(mvc.perform(get("/registry/episodes/" + episode.id()).header("Accept-Language", "es")
                .with(fixtures.as(careManager))).andExpect(status().isOk()));
        assertThat(page.select("h1").text()).contains("Atención de Depresión");
        assertThat(page.select("#log-contact h2").text()).isEqualTo("Registrar un contacto");
        assertThat(page.select("svg.trajectory .band-names text").eachText()).contains("Moderadamente grave");
    }

    // ------------------------------------------------------------ who may see what

    @Test
    void anotherPracticeSeesNothingAndTheFrontDeskIsRefused() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));
        PracticeFixture other = PracticeFixture.create(practices, "Other practice");
        String outsider = other.emails().get(Role.CARE_MANAGER);

        mvc.perform(get("/registry/episodes/" + episode.id()).with(fixtures.as(outsider))).andExpect(status().isNotFound());
        mvc.perform(get("/patients/" + patient.id() + "/registry").with(fixtures.as(outsider))).andExpect(status().isNotFound());
        mvc.perform(get("/patients/" + patient.id() + "/registry/enrol").with(fixtures.as(outsider))).andExpect(status().isNotFound());
        mvc.perform(contact(episode, "10", "phone", "follow-up", null).with(fixtures.as(outsider))).andExpect(status().isNotFound());
        mvc.perform(get("/registry/episodes/not-a-uuid").with(fixtures.as(careManager))).andExpect(status().isNotFound());
        assertThat(asCareManager(() -> timeLog.of(episode.id()))).isEmpty();

        String frontDesk = practice.emails().get(Role.FRONT_DESK);
        mvc.perform(get("/registry/episodes/" + episode.id()).with(fixtures.as(frontDesk))).andExpect(status().isForbidden());
        mvc.perform(get("/patients/" + patient.id() + "/registry/enrol").with(fixtures.as(frontDesk))).andExpect(status().isForbidden());
        Document overview = html(mvc.perform(get("/patients/" + patient.id()).with(fixtures.as(frontDesk))).andExpect(status().isOk()));
        assertThat(overview.select("#registry")).isEmpty();
    }

    @Test
    void aMedicalAssistantSeesTheEpisodeButDoesNotLogTime() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));
        Document page = html(mvc.perform(get("/registry/episodes/" + episode.id())
                .with(fixtures.as(practice.emails().get(Role.MEDICAL_ASSISTANT)))).andExpect(status().isOk()));
        assertThat(page.select("#log-contact")).isEmpty();
        assertThat(page.select("svg.trajectory")).hasSize(1);
    }

    // ------------------------------------------------------------ helpers

    private ScreeningResult screen(String instrument, int... scores) {
        return actors.runAs(practice.actor(Role.PCP), () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null,
                instrument, Instruments.find(instrument).orElseThrow().answersScoring(scores), ScreeningSubmission.Mode.STAFF, "en",
                null)));
    }

    private ScreeningResult screenOn(LocalDate day, String instrument, int... scores) {
        return actors.runAs(practice.actor(Role.PCP), () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null,
                instrument, Instruments.find(instrument).orElseThrow().answersScoring(scores), ScreeningSubmission.Mode.STAFF, "en",
                day.atTime(10, 0).atZone(java.time.ZoneId.of("America/Chicago")).toInstant())));
    }

    private <T> T asCareManager(java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(Role.CARE_MANAGER), work);
    }

    private Document page(Episode episode) throws Exception {
        return html(mvc.perform(get("/registry/episodes/" + episode.id()).with(fixtures.as(careManager))).andExpect(status().isOk()));
    }

    private MockHttpServletRequestBuilder contact(Episode episode, String minutes, String mode, String activity, String note) {
        MockHttpServletRequestBuilder request = post("/registry/episodes/" + episode.id() + "/contacts").with(csrf())
                .with(fixtures.as(careManager)).param("on", LocalDate.now(java.time.ZoneId.of("America/Chicago")).toString())
                .param("minutes", minutes);
        if (mode != null) {
            request.param("mode", mode);
        }
        if (activity != null) {
            request.param("activity", activity);
        }
        if (note != null) {
            request.param("note", note);
        }
        return request;
    }

    private static void phq9(MockHttpServletRequestBuilder request, int... scores) {
        for (int i = 0; i < scores.length; i++) {
            request.param("phq-9." + (i + 1), String.valueOf(scores[i]));
        }
    }

    /** Posts a form as the browser would: its inputs, checked radios and checkboxes, and selected options. */
    private static MockHttpServletRequestBuilder submitForm(Document page, String selector) {
        var form = page.selectFirst(selector);
        MockHttpServletRequestBuilder request = post(form.attr("action")).with(csrf());
        for (var input : form.select("input[name], textarea[name], select[name]")) {
            String name = input.attr("name");
            if (name.equals("_csrf")) {
                continue;
            }
            if (input.tagName().equals("select")) {
                var selected = input.selectFirst("option[selected]");
                request.param(name, selected == null ? "" : selected.val());
            } else if (input.tagName().equals("textarea")) {
                request.param(name, input.text());
            } else if (input.attr("type").equals("radio") || input.attr("type").equals("checkbox")) {
                if (input.hasAttr("checked")) {
                    request.param(name, input.val());
                }
            } else {
                request.param(name, input.val());
            }
        }
        return request;
    }

    private static Document html(ResultActions actions) throws Exception {
        return Jsoup.parse(actions.andReturn().getResponse().getContentAsString());
    }
}
