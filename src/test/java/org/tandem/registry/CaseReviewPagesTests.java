package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
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
import org.springframework.test.web.servlet.ResultActions;
import org.tandem.PageFixtures;
import org.tandem.patient.PatientRecord;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/** The case review pages: the weekly list, the prep summary with the review form, the request fragment and the PCP's inbox. */
@SpringBootTest(properties = PageFixtures.H2)
@AutoConfigureMockMvc
class CaseReviewPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Episodes episodes;
    @Autowired
    CaseReviews reviews;
    @Autowired
    CurrentActor actors;

    PageFixtures fixtures;
    PracticeId practice;
    String consultant;
    String careManager;
    String pcp;
    String frontDesk;
    LocalDate today;

    @BeforeEach
    void createPractice() {
        fixtures = new PageFixtures(context);
        practice = fixtures.practice("Riverside Family Medicine");
        consultant = fixtures.staff(practice, "Dr. Priya Raman", Role.PSYCHIATRIC_CONSULTANT);
        careManager = fixtures.staff(practice, "Carla Mendes", Role.CARE_MANAGER);
        pcp = fixtures.staff(practice, "Dr. Amara Okafor", Role.PCP);
        frontDesk = fixtures.staff(practice, "Frank Desk", Role.FRONT_DESK);
        today = LocalDate.now(ZoneId.of("America/Chicago"));
    }

    // ---------------------------------------------------------------- the weekly list

    @Test
    void theWeeklyListShowsPatientsInPriorityOrderWithTheirReasonsAndLinks() throws Exception {
        Episode fresh = enrol("Nuevo", "Ana", today.minusDays(3));
        Episode asked = enrol("Quintero", "Elena Maria", today.minusWeeks(6));
        as(careManager, () -> reviews.requestReview(asked.id(), "No response after 6 weeks of sertraline"));

        Document page = html(mvc.perform(get("/registry/review").with(fixtures.as(consultant))).andExpect(status().isOk()));

        assertThat(page.select("h1").text()).startsWith("Case review, week of " + CaseReviews.weekStart(today));
        assertThat(page.select("table.review-list tbody tr")).extracting(e -> e.attr("id"))
                .containsExactly("review-" + asked.id(), "review-" + fresh.id());
        var first = page.selectFirst("#review-" + asked.id());
        assertThat(first.select("th a").text()).isEqualTo("Quintero, Elena Maria");
        assertThat(first.select("th a").attr("href")).isEqualTo("/registry/review/" + asked.id());
        assertThat(first.select("[data-reason=requested]").text()).contains("Care team asks", "No response after 6 weeks of sertraline");
        assertThat(first.select("[data-reason=other-flag] .badge").eachText()).contains("No follow-up", "Contact overdue");
        assertThat(page.selectFirst("#review-" + fresh.id()).select("[data-reason=new-enrolment]").text()).isEqualTo("New enrolment");
        assertThat(page.select("#review-summary").text()).isEqualTo("2 patients to review, 0 reviewed this week.");
        assertThat(page.select("a[href='/registry/review?week=" + CaseReviews.weekStart(today).minusWeeks(1) + "']")).hasSize(1);

        Document spanish = html(mvc.perform(get("/registry/review").header("Accept-Language", "es").with(fixtures.as(consultant)))
                .andExpect(status().isOk()));
        assertThat(spanish.select("h1").text()).startsWith("Revisión de casos, semana del");
        assertThat(spanish.select("[data-reason=new-enrolment]").text()).isEqualTo("Nueva inscripción");

        Document bad = html(mvc.perform(get("/registry/review").param("week", "next tuesday").with(fixtures.as(consultant)))
                .andExpect(status().isOk()));
        assertThat(bad.select(".alert.error").text()).contains("That is not a date");
    }

    @Test
    void otherPracticesAndStaffWithoutClinicalAccessSeeNothing() throws Exception {
        Episode episode = enrol("Quintero", "Elena Maria", today.minusWeeks(2));
        PracticeId other = fixtures.practice("Other practice");
        String stranger = fixtures.staff(other, "Dr. Other", Role.PSYCHIATRIC_CONSULTANT);

        Document list = html(mvc.perform(get("/registry/review").with(fixtures.as(stranger))).andExpect(status().isOk()));
        assertThat(list.select("table.review-list")).isEmpty();
        assertThat(list.select(".empty").text()).contains("No patient needs a case review this week.");
        mvc.perform(get("/registry/review/" + episode.id()).with(fixtures.as(stranger))).andExpect(status().isNotFound());
        mvc.perform(get("/registry/review").with(fixtures.as(frontDesk))).andExpect(status().isForbidden());
        mvc.perform(get("/registry/review/" + episode.id()).with(fixtures.as(frontDesk))).andExpect(status().isForbidden());
    }

    // ---------------------------------------------------------------- prep and recording

    @Test
    void thePrepSummaryShowsTheCaseOnOneScreenAndOnlyTheConsultantGetsTheForm() throws Exception {
        Episode episode = enrol("Quintero", "Elena Maria", today.minusWeeks(9));
        as(careManager, () -> episodes.addTreatmentChange(episode.id(), today.minusWeeks(8), TreatmentKind.MEDICATION_START,
                "Sertraline 50 mg daily"));
        as(careManager, () -> reviews.requestReview(episode.id(), "Still depressed at week 9"));

        Document page = html(mvc.perform(get("/registry/review/" + episode.id()).with(fixtures.as(consultant))).andExpect(status().isOk()));

        assertThat(page.select("h1").text()).isEqualTo("Case review: Quintero, Elena Maria");
        assertThat(page.select(".review-why .request").text()).contains("Still depressed at week 9", "Asked by Carla Mendes");
        assertThat(page.select("#weeks-in-treatment").text()).startsWith("9 (since ");
        assertThat(page.select(".treatment-list").text()).contains("Medication started", "Sertraline 50 mg daily");
        assertThat(page.select(".earlier").text()).contains("Not reviewed yet.");
        assertThat(page.select("form.review-form fieldset.rec-row")).hasSize(3);
        assertThat(page.select("form.review-form select[name=kind0] option")).extracting(e -> e.attr("value"))
                .containsExactly("", "medication", "therapy", "referral", "diagnosis", "other");
        assertThat(page.select("button.add-row").attr("hx-get")).isEqualTo("/registry/review/" + episode.id() + "/recommendation-row?index=3");
        assertThat(page.select(".review-request")).isEmpty();

        Document added = html(mvc.perform(get("/registry/review/" + episode.id() + "/recommendation-row").param("index", "3")
                .with(fixtures.as(consultant))).andExpect(status().isOk()));
        assertThat(added.select("fieldset.rec-row#rec-3 legend").text()).isEqualTo("Recommendation 4");
        assertThat(added.select("select[name=kind3]")).hasSize(1);
        assertThat(added.select("button.add-row").attr("hx-get")).endsWith("index=4");

        Document asCareManager = html(mvc.perform(get("/registry/review/" + episode.id()).with(fixtures.as(careManager)))
                .andExpect(status().isOk()));
        assertThat(asCareManager.select("form.review-form")).isEmpty();
        assertThat(asCareManager.select(".review-request textarea[name=reason]")).hasSize(1);
        assertThat(asCareManager.select(".review-why form button").text()).isEqualTo("Withdraw the request");
    }

    @Test
    void aReviewWithProblemsIsExplainedKeepsWhatWasTypedAndStoresNothing() throws Exception {
        Episode episode = enrol("Quintero", "Elena Maria", today.minusWeeks(9));

        Document page = html(mvc.perform(post("/registry/review/" + episode.id()).with(csrf()).with(fixtures.as(consultant))
                .param("summary", "Partial response").param("minutes", "ninety")
                .param("kind0", "medication").param("text0", " ")
                .param("kind1", "").param("text1", "Consider problem-solving therapy")
                .param("kind2", "").param("text2", ""))
                .andExpect(status().isUnprocessableContent()));

        assertThat(page.select("#review-problems li").eachText()).containsExactly(
                "Recommendation 1: write the recommendation for the PCP.",
                "Recommendation 2: choose what it is about (medication, therapy, referral, diagnosis question or other).",
                "Minutes must be a whole number from 1 to 480.");
        assertThat(page.select("#summary").text()).isEqualTo("Partial response");
        assertThat(page.select("select[name=kind0] option[selected]").val()).isEqualTo("medication");
        assertThat(page.select("#text1").text()).isEqualTo("Consider problem-solving therapy");
        assertThat(page.select("#minutes").val()).isEqualTo("ninety");
        assertThat(page.select("fieldset.rec-row.invalid")).extracting(e -> e.id()).containsExactly("rec-0", "rec-1");
        assertThat(as(consultant, () -> reviews.reviews(episode.id()))).isEmpty();

        Document spanish = html(mvc.perform(post("/registry/review/" + episode.id()).with(csrf()).with(fixtures.as(consultant))
                .header("Accept-Language", "es").param("summary", "").param("kind0", "").param("text0", ""))
                .andExpect(status().isUnprocessableContent()));
        assertThat(spanish.select("#review-problems li").text()).isEqualTo("Escriba un resumen de la revisión o al menos una recomendación.");

        mvc.perform(post("/registry/review/" + episode.id()).with(csrf()).with(fixtures.as(careManager))
                .param("summary", "I am not the consultant")).andExpect(status().isForbidden());
        assertThat(as(consultant, () -> reviews.reviews(episode.id()))).isEmpty();
    }

    @Test
    void aRecordedReviewShowsItsRecommendationsWaitingForThePcp() throws Exception {
        Episode episode = enrol("Quintero", "Elena Maria", today.minusWeeks(9));

        mvc.perform(post("/registry/review/" + episode.id()).with(csrf()).with(fixtures.as(consultant))
                .param("summary", "Partial response at week 9").param("minutes", "20")
                .param("kind0", "medication").param("text0", "Increase sertraline to 100 mg")
                .param("kind1", "").param("text1", "")
                .param("kind3", "diagnosis").param("text3", "Screen for bipolar disorder"))
                .andExpect(redirectedUrl("/registry/review/" + episode.id())).andExpect(flash().attribute("recorded", 2));

        Document page = html(mvc.perform(get("/registry/review/" + episode.id()).with(fixtures.as(consultant))
                .flashAttr("recorded", 2)).andExpect(status().isOk()));
        assertThat(page.select("#review-recorded").text()).isEqualTo("Review recorded; 2 recommendations sent to the inbox of Dr. Amara Okafor.");
        assertThat(page.select(".earlier h3").text()).isEqualTo("Review of " + today + " by Dr. Priya Raman");
        assertThat(page.select(".earlier .recommendation-list li")).extracting(e -> e.text()).containsExactly(
                "Waiting for the PCP Medication Increase sertraline to 100 mg",
                "Waiting for the PCP Diagnosis question Screen for bipolar disorder");
        assertThat(as(consultant, () -> reviews.reviews(episode.id())).get(0).summary()).isEqualTo("Partial response at week 9");
    }

    // ---------------------------------------------------------------- the care team's request

    @Test
    void theRequestFormExplainsAMissingReasonAndSendsARequest() throws Exception {
        Episode episode = enrol("Quintero", "Elena Maria", today.minusWeeks(4));

        Document missing = html(mvc.perform(post("/registry/episodes/" + episode.id() + "/review-request").with(csrf())
                .with(fixtures.as(careManager)).param("reason", "  ")).andExpect(status().isUnprocessableContent()));
        assertThat(missing.select("h1").text()).isEqualTo("Ask for a psychiatric case review");
        assertThat(missing.select(".review-request .alert.error li").text()).isEqualTo("Say what you would like the consultant to discuss.");
        assertThat(as(careManager, () -> reviews.requests(episode.id()))).isEmpty();

        Document fragment = html(mvc.perform(post("/registry/episodes/" + episode.id() + "/review-request").with(csrf())
                .header("HX-Request", "true").with(fixtures.as(careManager)).param("reason", "Side effects: nausea"))
                .andExpect(status().isOk()));
        assertThat(fragment.select("header, nav")).isEmpty();
        assertThat(fragment.select("section.review-request .alert.success").text()).startsWith("Request sent");
        assertThat(fragment.select("section.review-request form").attr("hx-post"))
                .isEqualTo("/registry/episodes/" + episode.id() + "/review-request");

        mvc.perform(post("/registry/episodes/" + episode.id() + "/review-request").with(csrf()).with(fixtures.as(careManager))
                .param("reason", "Also: sleep")).andExpect(redirectedUrl("/registry/review/" + episode.id()));
        assertThat(as(careManager, () -> reviews.requests(episode.id()))).extracting(ReviewRequest::reason)
                .containsExactlyInAnyOrder("Side effects: nausea", "Also: sleep");
        mvc.perform(post("/registry/episodes/" + episode.id() + "/review-request").with(csrf()).with(fixtures.as(frontDesk))
                .param("reason", "x")).andExpect(status().isForbidden());
    }

    // ---------------------------------------------------------------- the PCP's inbox

    @Test
    void thePcpAcceptsModifiesOrDeclinesFromTheInboxAndCannotAnswerTwice() throws Exception {
        Episode episode = enrol("Quintero", "Elena Maria", today.minusWeeks(9));
        CaseReview review = as(consultant, () -> reviews.recordReview(episode.id(), "Plan", List.of(
                new RecommendationInput(RecommendationKind.MEDICATION, "Increase sertraline to 100 mg"),
                new RecommendationInput(RecommendationKind.THERAPY, "Behavioral activation"))));
        UUID medication = review.recommendations().get(0).id();
        UUID therapy = review.recommendations().get(1).id();

        Document inbox = html(mvc.perform(get("/inbox").with(fixtures.as(pcp))).andExpect(status().isOk()));
        assertThat(inbox.select("#inbox-count").text()).isEqualTo("2 recommendations waiting for your answer.");
        assertThat(inbox.select("#inbox-" + medication + " .recommendation-text").text()).isEqualTo("Increase sertraline to 100 mg");
        assertThat(inbox.select("#inbox-" + medication).text()).contains("Quintero, Elena Maria", "Medication",
                "Psychiatric case review by Dr. Priya Raman on " + today);
        assertThat(inbox.select("#inbox-" + medication + " input[name=answer]")).extracting(e -> e.val())
                .containsExactly("accept", "modify", "decline");

        Document problem = html(mvc.perform(post("/inbox/" + therapy).with(csrf()).with(fixtures.as(pcp)).param("answer", "modify")
                .param("text", "")).andExpect(status().isUnprocessableContent()));
        assertThat(problem.select("#inbox-" + therapy + " .alert.error li").text()).isEqualTo("Write the recommendation as you will carry it out.");
        assertThat(problem.select("#inbox-" + therapy + " input[value=modify]").hasAttr("checked")).isTrue();
        assertThat(problem.select("#inbox-" + medication + " .alert.error")).isEmpty();

        mvc.perform(post("/inbox/" + medication).with(csrf()).with(fixtures.as(pcp)).param("answer", "accept"))
                .andExpect(redirectedUrl("/inbox")).andExpect(flash().attribute("notice", "registry.review.inbox.notice.accepted"));
        mvc.perform(post("/inbox/" + therapy).with(csrf()).with(fixtures.as(pcp)).param("answer", "modify")
                .param("text", "Behavioral activation with the BHC, weekly")).andExpect(redirectedUrl("/inbox"));
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/inbox/" + medication).with(csrf()).with(fixtures.as(pcp)).session(session).param("answer", "decline")
                .param("text", "Changed my mind")).andExpect(redirectedUrl("/inbox"));
        Document twice = html(mvc.perform(get("/inbox").with(fixtures.as(pcp)).session(session)).andExpect(status().isOk()));
        assertThat(twice.select("#already-answered").text()).isEqualTo("This recommendation was already answered (Accepted) by "
                + "Dr. Amara Okafor on " + today + "; an answer cannot be changed. Ask the consultant for a new recommendation instead.");
        assertThat(twice.select("#inbox-count")).isEmpty();
        assertThat(twice.select(".empty").text()).isEqualTo("Nothing waiting: every recommendation has been answered.");

        Document registry = html(mvc.perform(get("/registry/review/" + episode.id()).with(fixtures.as(careManager))).andExpect(status().isOk()));
        assertThat(registry.select("#recommendation-" + medication).attr("data-status")).isEqualTo("accepted");
        assertThat(registry.select("#recommendation-" + therapy).text())
                .contains("Modified", "Dr. Amara Okafor on " + today + ": Behavioral activation with the BHC, weekly");

        mvc.perform(post("/inbox/" + medication).with(csrf()).with(fixtures.as(consultant)).param("answer", "accept"))
                .andExpect(status().isForbidden());
        Document notPcp = html(mvc.perform(get("/inbox").with(fixtures.as(consultant))).andExpect(status().isOk()));
        assertThat(notPcp.select(".note").text()).contains("You are not signed in as a PCP");
        Document spanish = html(mvc.perform(get("/inbox").header("Accept-Language", "es").with(fixtures.as(pcp))).andExpect(status().isOk()));
        assertThat(spanish.select("h1").text()).isEqualTo("Recomendaciones psiquiátricas");
    }

    // ---------------------------------------------------------------- messages the pages build from codes

    @Test
    void everyCodeThePagesShowHasEnglishAndSpanishWording() throws IOException {
        List<String> keys = new ArrayList<>();
        for (ReviewReason.Kind kind : ReviewReason.Kind.values()) {
            keys.add("registry.review.reason." + kind.code());
        }
        for (Flag flag : Flag.values()) {
            keys.add(flag.messageKey());
        }
        for (RecommendationKind kind : RecommendationKind.values()) {
            keys.add("registry.review.kind." + kind.code());
        }
        for (RecommendationStatus status : RecommendationStatus.values()) {
            keys.add("registry.review.recStatus." + status.code());
            if (status != RecommendationStatus.PENDING) {
                keys.add("registry.review.inbox.notice." + status.code());
            }
        }
        for (RecommendationAnswer answer : RecommendationAnswer.values()) {
            keys.add("registry.review.inbox.answer." + answer.code());
        }
        for (EpisodeFocus focus : EpisodeFocus.values()) {
            keys.add("registry.review.focus." + focus.code());
        }
        for (EpisodeStatus status : EpisodeStatus.values()) {
            keys.add("registry.review.status." + status.code());
        }
        for (TreatmentKind kind : TreatmentKind.values()) {
            keys.add("registry.review.treatment." + kind.code());
        }
        for (ContactMode mode : ContactMode.values()) {
            keys.add("registry.review.mode." + mode.code());
        }
        Properties english = load("/messages.properties");
        Properties spanish = load("/messages_es.properties");
        assertThat(keys.stream().filter(k -> !english.containsKey(k))).as("missing in English").isEmpty();
        assertThat(keys.stream().filter(k -> !spanish.containsKey(k))).as("missing in Spanish").isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private Episode enrol(String family, String given, LocalDate on) {
        PatientRecord patient = fixtures.patient(practice, family, given, LocalDate.of(1980, 4, 12), "MRN-" + family,
                fixtures.staffId(practice, pcp));
        return as(careManager, () -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)
                .on(on, EpisodeStatus.ACTIVE)));
    }

    private <T> T as(String email, Supplier<T> work) {
        Role role = email.equals(consultant) ? Role.PSYCHIATRIC_CONSULTANT : email.equals(careManager) ? Role.CARE_MANAGER : Role.PCP;
        Actor actor = new Actor(fixtures.staffId(practice, email).toString(), email, Actor.Kind.USER, practice, Set.of(role),
                Channel.WEB, null);
        return actors.runAs(actor, work);
    }

    private static Document html(ResultActions actions) throws Exception {
        return Jsoup.parse(actions.andReturn().getResponse().getContentAsString());
    }

    private static Properties load(String resource) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = CaseReviewPagesTests.class.getResourceAsStream(resource)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
