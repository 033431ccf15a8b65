package org.tandem.screening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
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
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/** Screening pages: summary, staff entry with stepped screening, the patient's kiosk, and safety alerts. */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class ScreeningPagesTests {

    static final String NOT_AT_ALL = "LA6568-5";
    static final String SEVERAL_DAYS = "LA6569-3";
    static final String MORE_THAN_HALF = "LA6570-1";
    static final List<String> PHQ9 = Instruments.PHQ9_ITEMS;

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Screenings screenings;
    @Autowired
    SafetyAlerts alerts;

    PageFixtures fixtures;
    PracticeId practice;
    String assistant;
    String bhc;
    String frontDesk;
    PatientRecord patient;

    @BeforeEach
    void createPracticeWithOnePatient() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        String pcp = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        assistant = fixtures.staff(practice, "Maria Lopez", Role.MEDICAL_ASSISTANT);
        bhc = fixtures.staff(practice, "Ben Hale", Role.BHC);
        frontDesk = fixtures.staff(practice, "Frank Desk", Role.FRONT_DESK);
        patient = fixtures.patient(practice, "Quintero", "Elena Maria", LocalDate.of(1980, 4, 12), "MRN-4711",
                fixtures.staffId(practice, pcp));
    }

    // ------------------------------------------------------------ staff entry

    @Test
    void staffEntryShowsEveryPhq9ItemAsARadioGroup() throws Exception {
        Document page = html(mvc.perform(get(base() + "/new").param("instrument", "phq-9").with(fixtures.as(assistant)))
                .andExpect(status().isOk()));
        var questions = page.select("form.entry-form fieldset.question");
        assertThat(questions).hasSize(9);
        for (int i = 0; i < 9; i++) {
            assertThat(questions.get(i).select("input[type=radio][name=q." + PHQ9.get(i) + "]")).hasSize(4);
            assertThat(questions.get(i).hasAttr("hidden")).isFalse();
        }
        assertThat(page.select("input[name=sitting]").val()).isNotBlank();
        assertThat(page.select("script[src=/js/screening.js]")).hasSize(1);
    }

    @Test
    void submittedPhq9IsStoredAndItsResultShown() throws Exception {
        MockHttpServletRequestBuilder submit = entry("phq-9", UUID.randomUUID());
        for (int i = 0; i < 9; i++) {
            submit.param("q." + PHQ9.get(i), i < 6 ? MORE_THAN_HALF : NOT_AT_ALL);
        }
        String location = mvc.perform(submit).andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).startsWith(base() + "/sittings/");

        Document result = html(mvc.perform(get(location).with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(result.select(".card.result").text()).contains("PHQ-9", "12", "of 27", "Moderate", "Positive", "Staff entry");
        assertThat(result.select(".safety-alert")).isEmpty();
        List<ScreeningResponse> stored = fixtures.asSystem(practice, () -> screenings.of(patient.id()));
        assertThat(stored).singleElement().satisfies(r -> {
            assertThat(r.total()).isEqualTo(12);
            assertThat(r.mode()).isEqualTo("staff");
            assertThat(r.recordedBy()).isEqualTo(assistant);
        });
    }

    @Test
    void invalidAnswerIsExplainedAndTheOtherAnswersAreKept() throws Exception {
        MockHttpServletRequestBuilder submit = entry("phq-9", UUID.randomUUID());
        for (int i = 0; i < 8; i++) {
            submit.param("q." + PHQ9.get(i), SEVERAL_DAYS);
        }
        submit.param("q." + PHQ9.get(8), "LA9999-9");
        Document page = html(mvc.perform(submit).andExpect(status().isUnprocessableContent()));
        assertThat(page.select("#entry-problems").text()).contains("Question 9: choose one of the answers shown.");
        for (int i = 0; i < 8; i++) {
            assertThat(page.select("input[name=q." + PHQ9.get(i) + "][checked]").val()).isEqualTo(SEVERAL_DAYS);
        }
        assertThat(page.select("#q-" + PHQ9.get(8)).hasClass("invalid")).isTrue();
        assertThat(fixtures.asSystem(practice, () -> screenings.of(patient.id()))).isEmpty();
    }

    @Test
    void unansweredQuestionsAreNamedAndCanBeSavedAsIncomplete() throws Exception {
        UUID sitting = UUID.randomUUID();
        MockHttpServletRequestBuilder submit = entry("phq-9", sitting);
        for (int i = 0; i < 7; i++) {
            submit.param("q." + PHQ9.get(i), SEVERAL_DAYS);
        }
        Document page = html(mvc.perform(submit).andExpect(status().isUnprocessableContent()));
        assertThat(page.select("#entry-problems").text()).contains("Not answered yet: questions 8, 9");
        assertThat(page.select("button[name=incomplete]").text()).isEqualTo("Save as incomplete");

        MockHttpServletRequestBuilder incomplete = entry("phq-9", sitting).param("incomplete", "true");
        for (int i = 0; i < 7; i++) {
            incomplete.param("q." + PHQ9.get(i), SEVERAL_DAYS);
        }
        mvc.perform(incomplete).andExpect(status().is3xxRedirection());
        ScreeningResponse stored = fixtures.asSystem(practice, () -> screenings.of(patient.id())).get(0);
        assertThat(stored.complete()).isFalse();
        assertThat(stored.total()).isNull();
    }

    @Test
    void positivePhq2ContinuesToTheRemainingPhq9ItemsInTheSameSitting() throws Exception {
        UUID sitting = UUID.randomUUID();
        String next = mvc.perform(entry("phq-2", sitting).param("q." + PHQ9.get(0), MORE_THAN_HALF)
                .param("q." + PHQ9.get(1), MORE_THAN_HALF)).andExpect(status().is3xxRedirection())
                .andReturn().getResponse().getRedirectedUrl();
        assertThat(next).contains("/screening/new?instrument=phq-9", "sitting=" + sitting, "from=");

        Document phq9 = html(mvc.perform(get(next).with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(phq9.select("fieldset.question")).hasSize(7);
        assertThat(phq9.select("input[name=q." + PHQ9.get(0) + "]")).isEmpty();
        assertThat(phq9.select(".carried li")).hasSize(2);
        assertThat(phq9.select(".carried").text()).contains("PHQ-2");
        String from = phq9.select("input[name=from]").val();

        MockHttpServletRequestBuilder rest = entry("phq-9", sitting).param("from", from);
        for (int i = 2; i < 9; i++) {
            rest.param("q." + PHQ9.get(i), i == 8 ? SEVERAL_DAYS : NOT_AT_ALL);
        }
        String results = mvc.perform(rest).andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(results).isEqualTo(base() + "/sittings/" + sitting);

        Document page = html(mvc.perform(get(results).with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(page.select(".card.result h2").eachText()).containsExactly("PHQ-2", "PHQ-9");
        assertThat(page.select(".safety-alert").text()).contains("Safety alert raised", "PHQ-9 item 9 positive");
        assertThat(page.select(".safety-alert a").attr("href")).startsWith("/alerts/");
        List<ScreeningResponse> stored = fixtures.asSystem(practice, () -> screenings.ofSitting(patient.id(), sitting));
        assertThat(stored).extracting(ScreeningResponse::instrument).containsExactly("phq-2", "phq-9");
        assertThat(stored.get(1).total()).isEqualTo(5);
    }

    @Test
    void gatedQuestionsAreShownOnlyAfterAYesToTheirGate() throws Exception {
        Document page = html(mvc.perform(get(base() + "/new").param("instrument", "pc-ptsd-5").with(fixtures.as(assistant)))
                .andExpect(status().isOk()));
        assertThat(page.select("fieldset.question")).hasSize(6);
        assertThat(page.select("fieldset.question[hidden]")).hasSize(5);
        assertThat(page.select("#q-pc-ptsd-5-1").attr("data-enable-when")).isEqualTo("pc-ptsd-5-trauma");
        assertThat(page.select("#q-pc-ptsd-5-1 input").attr("disabled")).isNotNull();

        UUID sitting = UUID.randomUUID();
        // without JavaScript: a yes to the trauma question brings the five questions up, with the missing ones named
        Document gated = html(mvc.perform(entry("pc-ptsd-5", sitting).param("q.pc-ptsd-5-trauma", "yes"))
                .andExpect(status().isUnprocessableContent()));
        assertThat(gated.select("fieldset.question[hidden]")).isEmpty();
        assertThat(gated.select("#entry-problems").text()).contains("questions 1, 2, 3, 4, 5");

        // a no completes the screen at 0; answers to questions that are not asked are dropped
        mvc.perform(entry("pc-ptsd-5", sitting).param("q.pc-ptsd-5-trauma", "no").param("q.pc-ptsd-5-1", "yes"))
                .andExpect(status().is3xxRedirection());
        ScreeningResponse stored = fixtures.asSystem(practice, () -> screenings.of(patient.id())).get(0);
        assertThat(stored.complete()).isTrue();
        assertThat(stored.total()).isZero();
        assertThat(FormAnswers.ofResponse(stored)).containsOnlyKeys("pc-ptsd-5-trauma");
    }

    @Test
    void numberOutOfRangeIsExplained() throws Exception {
        Document page = html(mvc.perform(entry("nida-single", UUID.randomUUID()).param("q.68524-8", "-2"))
                .andExpect(status().isUnprocessableContent()));
        assertThat(page.select("#entry-problems").text()).contains("Question 1: enter a whole number of 0 or more.");
        assertThat(page.select("input[name=q.68524-8]").val()).isEqualTo("-2");
    }

    @Test
    void frontDeskCannotEnterScreenings() throws Exception {
        mvc.perform(get(base() + "/new").param("instrument", "phq-9").with(fixtures.as(frontDesk))).andExpect(status().isForbidden());
    }

    // ------------------------------------------------------------ summary

    @Test
    void summaryListsResultsOpenAlertsAndTheStartMenu() throws Exception {
        submit(phq9(1, 1, 1, 1, 1, 1, 1, 1, 2));
        Document fragment = html(mvc.perform(get(base() + "/summary").header("HX-Request", "true").with(fixtures.as(assistant)))
                .andExpect(status().isOk()));
        assertThat(fragment.select("header")).isEmpty();
        assertThat(fragment.select("table.screening-results tbody tr").text()).contains("PHQ-9", "10 of 27", "Moderate", "Positive",
                "Staff entry", "Document follow-up");
        assertThat(fragment.select(".safety-alert").text()).contains("PHQ-9 item 9 positive", "Not acknowledged yet");
        assertThat(fragment.select("details.menu select[name=instrument] option").eachAttr("value")).contains("phq-2", "phq-9", "gad-7");
        assertThat(fragment.select("form[action$=/screening/kiosk] input[name=language][checked]").val()).isEqualTo("es");

        Document overview = html(mvc.perform(get("/patients/" + patient.id()).with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(overview.select("#screening").attr("hx-get")).isEqualTo(base() + "/summary");
        assertThat(overview.select("#screening").attr("hx-trigger")).isEqualTo("load");
    }

    @Test
    void followUpOfAPositiveScreenIsDocumented() throws Exception {
        ScreeningResult result = submit(phq9(2, 2, 2, 2, 2, 0, 0, 0, 0));
        String page = base() + "/responses/" + result.response().id();
        Document invalid = html(mvc.perform(post(page + "/follow-up").with(fixtures.as(assistant)).with(csrf()))
                .andExpect(status().isUnprocessableContent()));
        assertThat(invalid.select("#follow-up .alert.error").text()).contains("Choose what was done.");
        mvc.perform(post(page + "/follow-up").param("kind", "warm-handoff").param("note", "Seen by BHC today")
                .with(fixtures.as(assistant)).with(csrf())).andExpect(status().is3xxRedirection());
        Document done = html(mvc.perform(get(page).with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(done.select(".follow-ups").text()).contains("Warm handoff", "Seen by BHC today");
    }

    // ------------------------------------------------------------ kiosk

    @Test
    void kioskModeConfinesTheSessionUntilStaffUnlock() throws Exception {
        MockHttpSession session = startKiosk("phq-2");
        mvc.perform(get("/patients").session(session).with(fixtures.as(assistant)))
                .andExpect(status().isSeeOther()).andExpect(header().string("Location", "/kiosk"));
        mvc.perform(get("/patients/" + patient.id()).session(session).with(fixtures.as(assistant)))
                .andExpect(status().isSeeOther()).andExpect(header().string("Location", "/kiosk"));
        mvc.perform(post("/logout").session(session).with(fixtures.as(assistant)).with(csrf()))
                .andExpect(status().isSeeOther()).andExpect(header().string("Location", "/kiosk"));
        mvc.perform(get("/alerts").header("HX-Request", "true").session(session).with(fixtures.as(assistant)))
                .andExpect(header().string("HX-Redirect", "/kiosk"));
        mvc.perform(get("/css/tandem.css").session(session)).andExpect(status().isOk());

        Document welcome = html(mvc.perform(get("/kiosk").session(session).with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(welcome.select("nav, header")).isEmpty();
        assertThat(welcome.select("html").attr("lang")).isEqualTo("en");
        assertThat(welcome.select("button[type=submit]").text()).isEqualTo("Start");
    }

    @Test
    void wrongPasswordDoesNotUnlockTheKiosk() throws Exception {
        MockHttpSession session = startKiosk("phq-2");
        Document refused = html(mvc.perform(post("/kiosk/unlock").param("password", "not the password").session(session)
                .with(fixtures.as(assistant)).with(csrf())).andExpect(status().isUnauthorized()));
        assertThat(refused.select(".alert.error").text()).contains("Wrong password");
        mvc.perform(get("/patients").session(session).with(fixtures.as(assistant))).andExpect(status().isSeeOther());
        assertThat(session.getAttribute(KioskSitting.SESSION_KEY)).isNotNull();
    }

    @Test
    void patientAnswersOneQuestionPerScreenAndTheHandBackScreenShowsNoAnswers() throws Exception {
        MockHttpSession session = startKiosk("phq-2");
        kiosk(session, "/kiosk/start");
        Document first = kioskScreen(session);
        assertThat(first.select(".kiosk-count").text()).isEqualTo("1 of 2");
        assertThat(first.select("button[name=value]")).hasSize(4);
        assertThat(first.select("form.kiosk-back")).isEmpty();
        answer(session, PHQ9.get(0), SEVERAL_DAYS);

        Document second = kioskScreen(session);
        assertThat(second.select(".kiosk-count").text()).isEqualTo("2 of 2");
        // back to the first question shows the answer given
        kiosk(session, "/kiosk/back");
        assertThat(kioskScreen(session).select("button.selected").val()).isEqualTo(SEVERAL_DAYS);
        answer(session, PHQ9.get(0), SEVERAL_DAYS);
        // a second tap on an old screen is ignored
        answer(session, PHQ9.get(0), NOT_AT_ALL);
        answer(session, PHQ9.get(1), NOT_AT_ALL);

        Document handBack = kioskScreen(session);
        assertThat(handBack.select("h1").text()).isEqualTo("Thank you.");
        assertThat(handBack.text()).contains("Please hand the device back to the staff.")
                .doesNotContain("Several days", "Not at all", "Negative", "Positive", "PHQ", "of 6", "1 of");
        assertThat(handBack.select("button[name=value], table, .score")).isEmpty();

        String results = mvc.perform(post("/kiosk/unlock").param("password", PageFixtures.PASSWORD).session(session)
                .with(fixtures.as(assistant)).with(csrf())).andExpect(status().is3xxRedirection()).andReturn().getResponse()
                .getRedirectedUrl();
        assertThat(results).startsWith(base() + "/sittings/");
        assertThat(session.getAttribute(KioskSitting.SESSION_KEY)).isNull();
        Document page = html(mvc.perform(get(results).session(session).with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(page.select(".card.result").text()).contains("PHQ-2", "1", "of 6", "Negative", "Patient (tablet)");
        mvc.perform(get("/patients").session(session).with(fixtures.as(assistant))).andExpect(status().isOk());
    }

    @Test
    void positivePhq2OnTheKioskContinuesWithPhq9AndRaisesTheAlert() throws Exception {
        MockHttpSession session = startKiosk("phq-2");
        kiosk(session, "/kiosk/start");
        answer(session, PHQ9.get(0), MORE_THAN_HALF);
        answer(session, PHQ9.get(1), MORE_THAN_HALF);
        Document third = kioskScreen(session);
        assertThat(third.select(".kiosk-count").text()).isEqualTo("3 of 9");
        assertThat(third.select("input[name=item]").val()).isEqualTo(PHQ9.get(2));
        assertThat(third.select("form.kiosk-back")).isEmpty();
        for (int i = 2; i < 9; i++) {
            answer(session, PHQ9.get(i), i == 8 ? MORE_THAN_HALF : NOT_AT_ALL);
        }
        assertThat(kioskScreen(session).select("h1").text()).isEqualTo("Thank you.");
        List<ScreeningResponse> stored = fixtures.asSystem(practice, () -> screenings.of(patient.id()));
        assertThat(stored).extracting(ScreeningResponse::instrument).containsExactlyInAnyOrder("phq-2", "phq-9");
        assertThat(stored).allSatisfy(r -> assertThat(r.mode()).isEqualTo("self"));
        ScreeningResponse phq9 = stored.stream().filter(r -> r.instrument().equals("phq-9")).findFirst().orElseThrow();
        assertThat(phq9.total()).isEqualTo(6);
        assertThat(fixtures.asSystem(practice, () -> alerts.of(patient.id()))).singleElement()
                .satisfies(a -> assertThat(a.rules()).containsExactly("phq-9-item-9"));
    }

    @Test
    void abandonedSittingIsStoredAsIncompleteWhenStaffUnlock() throws Exception {
        MockHttpSession session = startKiosk("phq-9");
        kiosk(session, "/kiosk/start");
        answer(session, PHQ9.get(0), SEVERAL_DAYS);
        answer(session, PHQ9.get(1), SEVERAL_DAYS);
        answer(session, PHQ9.get(2), SEVERAL_DAYS);
        mvc.perform(post("/kiosk/unlock").param("password", PageFixtures.PASSWORD).session(session)
                .with(fixtures.as(assistant)).with(csrf())).andExpect(status().is3xxRedirection());
        ScreeningResponse stored = fixtures.asSystem(practice, () -> screenings.of(patient.id())).get(0);
        assertThat(stored.complete()).isFalse();
        assertThat(stored.total()).isNull();
        assertThat(FormAnswers.ofResponse(stored)).containsOnlyKeys(PHQ9.get(0), PHQ9.get(1), PHQ9.get(2));
    }

    @Test
    void kioskSkipsGatedQuestionsThatAreNotAsked() throws Exception {
        MockHttpSession session = startKiosk("pc-ptsd-5");
        kiosk(session, "/kiosk/start");
        Document first = kioskScreen(session);
        assertThat(first.select(".kiosk-count").text()).isEqualTo("1 of 6");
        assertThat(first.select("button[name=value]").eachText()).containsExactly("Yes", "No");
        answer(session, "pc-ptsd-5-trauma", "no");
        assertThat(kioskScreen(session).select("h1").text()).isEqualTo("Thank you.");
        ScreeningResponse stored = fixtures.asSystem(practice, () -> screenings.of(patient.id())).get(0);
        assertThat(stored.complete()).isTrue();
        assertThat(stored.total()).isZero();
    }

    @Test
    void kioskExplainsANumberOutOfRangeAndStaysOnTheQuestion() throws Exception {
        MockHttpSession session = startKiosk("nida-single");
        kiosk(session, "/kiosk/start");
        answer(session, "68524-8", "lots");
        Document again = kioskScreen(session);
        assertThat(again.select(".alert.error").text()).contains("enter a whole number of 0 or more");
        assertThat(again.select("input[name=item]").val()).isEqualTo("68524-8");
        answer(session, "68524-8", "2");
        assertThat(kioskScreen(session).select("h1").text()).isEqualTo("Thank you.");
        assertThat(fixtures.asSystem(practice, () -> screenings.of(patient.id())).get(0).positive()).isTrue();
    }

    @Test
    void kioskSpeaksTheSittingsLanguage() throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post(base() + "/kiosk").param("instrument", "phq-2").param("language", "es").session(session)
                .with(fixtures.as(assistant)).with(csrf())).andExpect(status().is3xxRedirection());
        Document welcome = kioskScreen(session);
        assertThat(welcome.select("html").attr("lang")).isEqualTo("es");
        assertThat(welcome.select("button[type=submit]").text()).isEqualTo("Comenzar");
        kiosk(session, "/kiosk/start");
        Document question = kioskScreen(session);
        assertThat(question.select(".kiosk-question").text()).isEqualTo("Poco interés o placer en hacer cosas");
        assertThat(question.select(".kiosk-count").text()).isEqualTo("1 de 2");
        mvc.perform(post("/kiosk/unlock").param("password", PageFixtures.PASSWORD).session(session)
                .with(fixtures.as(assistant)).with(csrf())).andExpect(status().is3xxRedirection());
        Document after = html(mvc.perform(get("/patients").session(session).with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(after.select("html").attr("lang")).isEqualTo("en");
    }

    // ------------------------------------------------------------ alerts

    @Test
    void alertsPageListsOpenAlertsForClinicians() throws Exception {
        submit(phq9(1, 0, 0, 0, 0, 0, 0, 0, 1));
        Document page = html(mvc.perform(get("/alerts").with(fixtures.as(bhc))).andExpect(status().isOk()));
        var rows = page.select("table.alerts tbody tr");
        assertThat(rows).hasSize(1);
        assertThat(rows.text()).contains("Quintero, Elena Maria", "PHQ-9", "PHQ-9 item 9 positive", "Waiting for a clinician",
                "Not acknowledged yet");
        assertThat(page.select("body").attr("data-alert-stream")).isEqualTo("/alerts/stream");
        assertThat(page.select("#alert-count .nav-count").text()).isEqualTo("1");
        assertThat(page.select("#alert-count .nav-count").hasClass("urgent")).isTrue();

        Document banner = html(mvc.perform(get("/alerts/banner").header("HX-Request", "true").with(fixtures.as(bhc)))
                .andExpect(status().isOk()));
        assertThat(banner.select(".alert-banner").text()).contains("Safety alert:", "Quintero, Elena Maria", "PHQ-9 item 9 positive",
                "Open the alert");

        Document assistantPage = html(mvc.perform(get("/patients").with(fixtures.as(assistant))).andExpect(status().isOk()));
        assertThat(assistantPage.select("body").hasAttr("data-alert-stream")).isFalse();
        assertThat(assistantPage.select("#alert-count")).isEmpty();
    }

    @Test
    void riskAssessmentNeedsLevelAndPlanThenClosesTheAlert() throws Exception {
        UUID alert = submit(phq9(1, 0, 0, 0, 0, 0, 0, 0, 1)).alert().orElseThrow();
        Document detail = html(mvc.perform(get("/alerts/" + alert).with(fixtures.as(bhc))).andExpect(status().isOk()));
        assertThat(detail.select(".answer-list li.safety").text()).contains("Several days");
        assertThat(detail.select("form[action$=/acknowledge]")).hasSize(1);
        assertThat(detail.select("input[name=level]")).hasSize(4);

        mvc.perform(post("/alerts/" + alert + "/acknowledge").with(fixtures.as(bhc)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        Document invalid = html(mvc.perform(post("/alerts/" + alert + "/assessment").param("plan", " ")
                .param("safetyPlanGiven", "true").with(fixtures.as(bhc)).with(csrf())).andExpect(status().isUnprocessableContent()));
        assertThat(invalid.select(".assessment-form .alert.error").text()).contains("Choose the risk level.", "Write the plan");
        assertThat(invalid.select("input[name=safetyPlanGiven]").hasAttr("checked")).isTrue();
        assertThat(fixtures.asSystem(practice, () -> alerts.of(patient.id())).get(0).status()).isEqualTo("acknowledged");

        mvc.perform(post("/alerts/" + alert + "/assessment").param("level", "moderate").param("plan", "Safety plan made; BHC visit tomorrow")
                .param("safetyPlanGiven", "true").param("crisisResourcesGiven", "true").with(fixtures.as(bhc)).with(csrf()))
                .andExpect(status().is3xxRedirection());
        Document closed = html(mvc.perform(get("/alerts/" + alert).with(fixtures.as(bhc))).andExpect(status().isOk()));
        assertThat(closed.select("#assessment").text()).contains("Moderate", "Safety plan made; BHC visit tomorrow", "Ben Hale");
        assertThat(closed.select("table.data tbody tr td:nth-child(2)").eachText())
                .containsExactly("Raised", "Acknowledged", "Risk assessed", "Closed");
        assertThat(closed.select(".assessment-form")).isEmpty();
        assertThat(html(mvc.perform(get("/alerts").with(fixtures.as(bhc)))).select("table.alerts")).isEmpty();
    }

    @Test
    void alertStreamIsForCliniciansAndAdmins() throws Exception {
        MvcResult stream = mvc.perform(get("/alerts/stream").accept("text/event-stream").with(fixtures.as(bhc)))
                .andExpect(request().asyncStarted()).andReturn();
        assertThat(stream.getResponse().getContentType()).startsWith("text/event-stream");
        assertThat(stream.getResponse().getContentAsString()).contains("event:ready");
        mvc.perform(get("/alerts/stream").accept("text/event-stream").with(fixtures.as(assistant))).andExpect(status().isForbidden());
    }

    // ------------------------------------------------------------ helpers

    private String base() {
        return "/patients/" + patient.id() + "/screening";
    }

    private MockHttpServletRequestBuilder entry(String instrument, UUID sitting) {
        return post(base() + "/new").param("instrument", instrument).param("sitting", sitting.toString())
                .with(fixtures.as(assistant)).with(csrf());
    }

    private MockHttpSession startKiosk(String instrument) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post(base() + "/kiosk").param("instrument", instrument).param("language", "en").session(session)
                .with(fixtures.as(assistant)).with(csrf())).andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", "/kiosk"));
        return session;
    }

    private void kiosk(MockHttpSession session, String path) throws Exception {
        mvc.perform(post(path).session(session).with(fixtures.as(assistant)).with(csrf())).andExpect(status().is3xxRedirection());
    }

    private void answer(MockHttpSession session, String item, String value) throws Exception {
        mvc.perform(post("/kiosk/answer").param("item", item).param("value", value).session(session)
                .with(fixtures.as(assistant)).with(csrf())).andExpect(status().is3xxRedirection());
    }

    private Document kioskScreen(MockHttpSession session) throws Exception {
        return html(mvc.perform(get("/kiosk").session(session).with(fixtures.as(assistant))).andExpect(status().isOk()));
    }

    private ScreeningResult submit(Map<String, Answer> answers) {
        return fixtures.asSystem(practice, () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null,
                Instruments.PHQ_9, answers, ScreeningSubmission.Mode.STAFF, "en", null)));
    }

    static Map<String, Answer> phq9(int... points) {
        String[] codes = { NOT_AT_ALL, SEVERAL_DAYS, MORE_THAN_HALF, "LA6571-9" };
        Map<String, Answer> answers = new java.util.LinkedHashMap<>();
        for (int i = 0; i < points.length; i++) {
            answers.put(PHQ9.get(i), Answer.loinc(codes[points[i]]));
        }
        return answers;
    }

    private static Document html(org.springframework.test.web.servlet.ResultActions actions) throws Exception {
        return Jsoup.parse(actions.andReturn().getResponse().getContentAsString());
    }
}
