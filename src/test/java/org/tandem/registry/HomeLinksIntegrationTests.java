package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.tandem.PageFixtures;
import org.tandem.patient.AdministrativeSex;
import org.tandem.patient.PatientDetails;
import org.tandem.patient.PatientQuery;
import org.tandem.patient.PatientRecord;
import org.tandem.patient.Patients;
import org.tandem.platform.Actor;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.Role;
import org.tandem.practice.Practices;
import org.tandem.screening.Instruments;
import org.tandem.screening.ScreeningResult;
import org.tandem.screening.ScreeningSubmission;
import org.tandem.screening.Screenings;
import org.tandem.testsupport.PracticeFixture;

/**
 * Measurement at home, end to end with a real local SMTP server (GreenMail): the care manager or the scheduler sends a
 * link, the e-mail arrives without patient data, the patient opens the link without signing in and answers, and the
 * answers are stored as home responses, queued for review and raise safety alerts, by a patient actor that may touch
 * nothing but their own record.
 */
@SpringBootTest
@AutoConfigureMockMvc
class HomeLinksIntegrationTests {

    static final String BASE_URL = "https://tandem.example.org";
    static final Pattern LINK = Pattern.compile(Pattern.quote(BASE_URL) + "/m/([A-Za-z0-9_-]{43})");
    static final int SMTP_PORT = freePort();
    static GreenMail smtp;

    @DynamicPropertySource
    static void mailServer(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP_PORT);
        registry.add("tandem.home-links.base-url", () -> BASE_URL);
        registry.add("tandem.home-links.from", () -> "care-team@tandem.example.org");
    }

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        smtp.stop();
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    ApplicationContext context;
    @Autowired
    Practices practices;
    @Autowired
    Patients patients;
    @Autowired
    Episodes episodes;
    @Autowired
    HomeLinks homeLinks;
    @Autowired
    HomeLinkSchedule schedule;
    @Autowired
    RegistryResults results;
    @Autowired
    Screenings screenings;
    @Autowired
    CurrentActor actors;
    @Autowired
    JdbcTemplate jdbc;

    PracticeFixture practice;
    PatientRecord patient;

    @BeforeEach
    void setUp() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        practice = PracticeFixture.create(practices, "Home links practice");
        patient = register("Quintero", "Elena Maria", "MRN-4711", "en");
    }

    // ------------------------------------------------------------ the whole journey

    @Test
    void linkArrivesByEmailWithoutPatientDataAndTheAnswersAreStoredAsHomeResponses() throws Exception {
        Episode episode = homeEpisode(patient, List.of("phq-9", "gad-7"), "eq@example.net", null);

        HomeLink link = asCareManager(() -> homeLinks.issue(episode.id()));

        assertThat(link.status()).isEqualTo(HomeLink.Status.SENT);
        assertThat(link.channel()).isEqualTo(LinkChannel.EMAIL);
        assertThat(link.instruments()).containsExactly("phq-9", "gad-7");
        assertThat(link.expiresAt()).isEqualTo(link.createdAt().plus(72, ChronoUnit.HOURS));
        MimeMessage mail = onlyMail();
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("eq@example.net");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("care-team@tandem.example.org");
        String text = mail.getSubject() + "\n" + GreenMailUtil.getBody(mail);
        assertThat(text).contains("Your care team asks you to answer a short questionnaire", "works once", "988")
                .doesNotContain("Quintero", "Elena", "MRN-4711", "PHQ", "GAD", "phq", "gad", "depress", "anxi", "score");
        String token = token(mail);
        assertThat(jdbc.queryForObject("SELECT token_hash FROM registry_home_link WHERE id = ?", String.class, link.id()))
                .isEqualTo(HomeLinks.hash(token)).isNotEqualTo(token);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry_home_link WHERE token_hash LIKE ?", Integer.class,
                "%" + token + "%")).isZero();

        PatientPage page = open(token);
        assertThat(page.document().select("h1").text()).isEqualTo("Questions from your care team");
        assertThat(page.document().select("fieldset.home-question")).hasSize(16);
        assertThat(page.document().select("h2").eachText()).containsExactly("Part 1 of 2", "Part 2 of 2");
        assertThat(page.document().text()).doesNotContain("Quintero", "Elena", "MRN-4711").contains("0 of 16 answered");
        assertThat(page.document().select("html").attr("lang")).isEqualTo("en");

        MvcResult sent = submit(token, page, q -> 1); // "Several days" everywhere: PHQ-9 9, GAD-7 7; item 9 positive
        assertThat(sent.getResponse().getStatus()).isEqualTo(200);
        Document thanks = Jsoup.parse(sent.getResponse().getContentAsString());
        assertThat(thanks.select("h1").text()).isEqualTo("Thank you.");
        assertThat(thanks.text()).doesNotContain(" 9 ", "of 27", "Mild", "Positive", "PHQ");

        List<Map<String, Object>> stored = jdbc.queryForList("SELECT instrument, mode, total, sitting_id, recorded_by FROM screening_response "
                + "WHERE patient_id = ? ORDER BY instrument", patient.id().value());
        assertThat(stored).extracting(r -> r.get("instrument")).containsExactly("gad-7", "phq-9");
        assertThat(stored).extracting(r -> r.get("mode")).containsOnly("home");
        assertThat(stored).extracting(r -> ((Number) r.get("total")).intValue()).containsExactly(7, 9);
        assertThat(stored.get(0).get("sitting_id")).isEqualTo(stored.get(1).get("sitting_id"));
        assertThat((String) stored.get(0).get("recorded_by")).isEqualTo("patient via home link " + link.id());

        List<RegistryResult> queue = asCareManager(() -> results.unreviewed(null));
        assertThat(queue).extracting(RegistryResult::mode).containsOnly("home");
        assertThat(queue).hasSize(2);
        HomeLink used = asCareManager(() -> homeLinks.linksOf(episode.id())).get(0);
        assertThat(used.status()).isEqualTo(HomeLink.Status.USED);
        assertThat(used.usedAt()).isNotNull();
        assertThat(jdbc.queryForList("SELECT DISTINCT resource_type FROM audit_event WHERE practice_id = ? AND actor_kind = 'PATIENT'",
                String.class, practice.id().value())).contains("Patient", "QuestionnaireResponse", "Observation", "RegistryResult",
                        "HomeLink");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND actor_kind = 'PATIENT' "
                + "AND patient_id <> ?", Integer.class, practice.id().value(), patient.id().value())).isZero();

        // used: the same friendly page as an unknown link, and nothing more is stored
        MvcResult again = mvc.perform(get("/m/" + token)).andExpect(status().isNotFound()).andReturn();
        MvcResult unknown = mvc.perform(get("/m/" + HomeLinks.newToken())).andExpect(status().isNotFound()).andReturn();
        assertThat(again.getResponse().getContentAsString()).isEqualTo(unknown.getResponse().getContentAsString())
                .contains("This link cannot be used").doesNotContain("Quintero", "Elena");
        MvcResult resent = submit(token, page, q -> 0);
        assertThat(resent.getResponse().getStatus()).isEqualTo(404);
        assertThat(resent.getResponse().getContentAsString()).isEqualTo(unknown.getResponse().getContentAsString());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM screening_response WHERE patient_id = ?", Integer.class,
                patient.id().value())).isEqualTo(2);
    }

    @Test
    void phq9Item9AboveZeroRaisesASafetyAlertAndShowsCrisisResources() throws Exception {
        Episode episode = homeEpisode(patient, List.of("phq-9"), "eq@example.net", null);
        asCareManager(() -> homeLinks.issue(episode.id()));
        String token = token(onlyMail());

        PatientPage page = open(token);
        MvcResult sent = submit(token, page, q -> q.attr("id").endsWith("44260-8") ? 2 : 0);

        Document thanks = Jsoup.parse(sent.getResponse().getContentAsString());
        assertThat(thanks.select("#crisis").text()).contains("Your care team will contact you", "988", "911");
        assertThat(thanks.select("#crisis a[href=tel:988]")).hasSize(1);
        assertThat(thanks.select("#crisis a[href=tel:911]")).hasSize(1);
        assertThat(thanks.text()).doesNotContain("of 27", "item 9");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM safety_alert WHERE patient_id = ? AND status = 'active' "
                + "AND rules LIKE '%phq-9-item-9%'", Integer.class, patient.id().value())).isEqualTo(1);
        assertThat(asCareManager(() -> results.of(patient.id()))).singleElement()
                .satisfies(r -> assertThat(r.safety()).isTrue());

        // without a safety signal: no crisis box
        homeLinksSentAndAnswered(episode, q -> 0);
    }

    private void homeLinksSentAndAnswered(Episode episode, ToIntFunction<Element> choice) throws Exception {
        smtp.purgeEmailFromAllMailboxes();
        asCareManager(() -> homeLinks.issue(episode.id()));
        String token = token(onlyMail());
        Document thanks = Jsoup.parse(submit(token, open(token), choice).getResponse().getContentAsString());
        assertThat(thanks.select("h1").text()).isEqualTo("Thank you.");
        assertThat(thanks.select("#crisis")).isEmpty();
    }

    @Test
    void unansweredQuestionsAreNamedTheAnswersKeptAndNothingIsStored() throws Exception {
        Episode episode = homeEpisode(patient, List.of("phq-9", "gad-7"), "eq@example.net", null);
        asCareManager(() -> homeLinks.issue(episode.id()));
        String token = token(onlyMail());
        PatientPage page = open(token);

        // CSRF applies to the patient's pages too
        MockHttpServletRequestBuilder forged = post("/m/" + token).param("lang", "en");
        page.document().select("fieldset.home-question").forEach(q -> choose(forged, q, 0));
        mvc.perform(forged).andExpect(status().isForbidden());

        // question 3 of part 1 and questions 6 and 7 of part 2 left open
        MockHttpServletRequestBuilder partial = form(token, page);
        List<Element> questions = page.document().select("fieldset.home-question");
        for (int i = 0; i < questions.size(); i++) {
            if (i != 2 && i != 14 && i != 15) {
                choose(partial, questions.get(i), 2);
            }
        }
        MvcResult result = mvc.perform(partial).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(422);
        Document again = Jsoup.parse(result.getResponse().getContentAsString());
        assertThat(again.select("#home-problems li").eachText()).containsExactly("Part 1: question 3", "Part 2: question 6, 7");
        assertThat(again.select("fieldset.home-question.invalid")).hasSize(3);
        assertThat(again.select("input[type=radio][checked]")).hasSize(13);
        assertThat(again.select("fieldset.home-question").get(0).select("input[checked]").val()).isEqualTo("LA6570-1");
        assertThat(again.text()).contains("13 of 16 answered");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM screening_response WHERE patient_id = ?", Integer.class,
                patient.id().value())).isZero();
        assertThat(asCareManager(() -> homeLinks.linksOf(episode.id())).get(0).status()).isEqualTo(HomeLink.Status.SENT);

        // the kept answers plus the missing ones are accepted
        MvcResult complete = submit(token, open(token), q -> 2);
        assertThat(complete.getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theLinkOpensInThePatientsLanguageWithASwitch() throws Exception {
        PatientRecord spanish = register("Ramirez", "Luz", "MRN-5150", "es");
        Episode episode = homeEpisode(spanish, List.of("phq-9"), "lr@example.net", null);
        asCareManager(() -> homeLinks.issue(episode.id()));
        MimeMessage mail = onlyMail();
        assertThat(mail.getSubject()).isEqualTo("Unas preguntas de su equipo de atención");
        assertThat(GreenMailUtil.getBody(mail)).doesNotContain("Ramirez", "Luz", "MRN-5150");
        String token = token(mail);

        Document page = open(token).document();
        assertThat(page.select("html").attr("lang")).isEqualTo("es");
        assertThat(page.select("h1").text()).isEqualTo("Preguntas de su equipo de atención");
        assertThat(page.select("fieldset.home-question").get(0).select("label").get(0).text()).isEqualTo("Ningún día");
        assertThat(page.select(".home-language a[aria-current]").text()).isEqualTo("Español");

        Document english = open(token + "?lang=en").document();
        assertThat(english.select("html").attr("lang")).isEqualTo("en");
        assertThat(english.select("fieldset.home-question").get(0).select("label").get(0).text()).isEqualTo("Not at all");
        assertThat(english.select("input[name=lang]").val()).isEqualTo("en");
    }

    @Test
    void expiredAndReplacedLinksAreRefusedLikeUnknownOnes() throws Exception {
        Episode episode = homeEpisode(patient, List.of("phq-9"), "eq@example.net", null);
        HomeLink first = asCareManager(() -> homeLinks.issue(episode.id()));
        String firstToken = token(onlyMail());
        smtp.purgeEmailFromAllMailboxes();
        asCareManager(() -> homeLinks.issue(episode.id()));
        String secondToken = token(onlyMail());
        String unknown = mvc.perform(get("/m/" + HomeLinks.newToken())).andReturn().getResponse().getContentAsString();

        // a newer link replaces the older one
        assertThat(mvc.perform(get("/m/" + firstToken)).andExpect(status().isNotFound()).andReturn().getResponse()
                .getContentAsString()).isEqualTo(unknown);
        assertThat(asCareManager(() -> homeLinks.linksOf(episode.id()))).extracting(HomeLink::status)
                .containsExactly(HomeLink.Status.SENT, HomeLink.Status.REVOKED);

        PatientPage page = open(secondToken);
        jdbc.update("UPDATE registry_home_link SET expires_at = ? WHERE token_hash = ?",
                java.sql.Timestamp.from(Instant.now().minusSeconds(60)), HomeLinks.hash(secondToken));
        assertThat(mvc.perform(get("/m/" + secondToken)).andExpect(status().isNotFound()).andReturn().getResponse()
                .getContentAsString()).isEqualTo(unknown);
        assertThat(submit(secondToken, page, q -> 0).getResponse().getStatus()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM screening_response WHERE patient_id = ?", Integer.class,
                patient.id().value())).isZero();
        assertThat(asCareManager(() -> homeLinks.linksOf(episode.id()))).extracting(HomeLink::status)
                .containsExactly(HomeLink.Status.EXPIRED, HomeLink.Status.REVOKED);
        assertThat(first.id()).isNotNull();
        assertThat(mvc.perform(get("/m/not-a-token")).andExpect(status().isNotFound()).andReturn().getResponse()
                .getContentAsString()).isEqualTo(unknown);
    }

    @Test
    void twoSubmissionsAtOnceStoreTheAnswersOnce() throws Exception {
        Episode episode = homeEpisode(patient, List.of("phq-9", "gad-7"), "eq@example.net", null);
        asCareManager(() -> homeLinks.issue(episode.id()));
        String token = token(onlyMail());
        Map<String, Map<String, org.tandem.screening.Answer>> answers = Map.of(
                "phq-9", Instruments.find("phq-9").orElseThrow().answersScoring(1, 1, 1, 1, 1, 1, 1, 1, 0),
                "gad-7", Instruments.find("gad-7").orElseThrow().answersScoring(1, 1, 1, 1, 1, 1, 1));

        int attempts = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                Callable<String> attempt = () -> {
                    start.await();
                    try {
                        homeLinks.answer(token, "127.0.0.1", answers, "en");
                        return "stored";
                    } catch (HomeLinks.LinkUnavailable e) {
                        return "refused";
                    }
                };
                outcomes.add(pool.submit(attempt));
            }
            start.countDown();
            List<String> seen = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                seen.add(outcome.get());
            }
            assertThat(seen).containsOnlyOnce("stored").containsOnly("stored", "refused");
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM screening_response WHERE patient_id = ?", Integer.class,
                patient.id().value())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry_result WHERE patient_id = ?", Integer.class,
                patient.id().value())).isEqualTo(2);
    }

    // ------------------------------------------------------------ sending

    @Test
    void whenTheMailServerIsDownTheLinkIsKeptAsFailedWithTheReason() throws Exception {
        Episode episode = homeEpisode(patient, List.of("phq-9"), "eq@example.net", null);
        smtp.stop();
        HomeLink link;
        try {
            link = asCareManager(() -> homeLinks.issue(episode.id()));
        } finally {
            startSmtp();
        }

        assertThat(link.status()).isEqualTo(HomeLink.Status.FAILED);
        assertThat(link.failure()).startsWith("The e-mail could not be sent: ").contains("onnect");
        Document list = Jsoup.parse(mvc.perform(get("/registry/episodes/" + episode.id() + "/home-links").with(as(Role.CARE_MANAGER)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(list.select("table.home-link-list tbody tr")).singleElement()
                .satisfies(row -> assertThat(row.text()).contains("Not sent", "The e-mail could not be sent"));

        // the scheduler does not retry every hour while the server is down; the care manager can send now
        assertThat(schedule.sendDueLinks(practice.id())).isZero();
        HomeLink retried = asCareManager(() -> homeLinks.issue(episode.id()));
        assertThat(retried.status()).isEqualTo(HomeLink.Status.SENT);
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
    }

    @Test
    void aMobileNumberWithoutAnSmsGatewayIsRecordedAsFailedWithAClearReason() {
        Episode episode = homeEpisode(patient, List.of("phq-9"), null, "+1 312 555 0100");

        HomeLink link = asCareManager(() -> homeLinks.issue(episode.id()));

        assertThat(link.channel()).isEqualTo(LinkChannel.SMS);
        assertThat(link.status()).isEqualTo(HomeLink.Status.FAILED);
        assertThat(link.failure()).contains("No SMS gateway is connected");
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void sendNowIsRefusedWhenHomeMeasurementIsOffOrTheEpisodeIsNotOnTheCaseload() {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        assertThatThrownBy(() -> asCareManager(() -> homeLinks.issue(episode.id()))).isInstanceOf(InvalidRegistryData.class)
                .hasMessageContaining("Home measurement is off");
        asCareManager(() -> episodes.updatePlan(episode.id(), new EpisodePlan(List.of("phq-9"), 14, 28, true, "eq@example.net", null,
                null, null, false)));
        asCareManager(() -> episodes.changeStatus(episode.id(), EpisodeStatus.DISCHARGED, DischargeReason.GOALS_MET, null, null, null));
        assertThatThrownBy(() -> asCareManager(() -> homeLinks.issue(episode.id()))).isInstanceOf(InvalidRegistryData.class)
                .hasMessageContaining("on the caseload");
        assertThatThrownBy(() -> actors.runAs(practice.user(Role.FRONT_DESK), () -> homeLinks.issue(episode.id())))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM registry_home_link WHERE episode_id = ?", Integer.class, episode.id()))
                .isZero();
    }

    @Test
    void theSchedulerSendsLinksForDueEpisodesOnly() throws Exception {
        Instant now = Instant.now();
        Episode neverMeasured = homeEpisode(patient, List.of("phq-9"), "a@example.net", null);
        Episode measuredRecently = homeEpisode(register("B", "B", "MRN-B", "en"), List.of("phq-9"), "b@example.net", null);
        measure(measuredRecently, "phq-9", now.minus(3, ChronoUnit.DAYS));
        Episode measuredLongAgo = homeEpisode(register("C", "C", "MRN-C", "en"), List.of("phq-9"), "c@example.net", null);
        measure(measuredLongAgo, "phq-9", now.minus(20, ChronoUnit.DAYS));
        Episode otherInstrumentOnly = homeEpisode(register("D", "D", "MRN-D", "en"), List.of("phq-9"), "d@example.net", null);
        measure(otherInstrumentOnly, "gad-7", now.minus(2, ChronoUnit.DAYS));
        Episode relapsePrevention = homeEpisode(register("E", "E", "MRN-E", "en"), List.of("phq-9"), "e@example.net", null);
        asCareManager(() -> episodes.changeStatus(relapsePrevention.id(), EpisodeStatus.RELAPSE_PREVENTION, null, null, null, null));
        measure(relapsePrevention, "phq-9", now.minus(20, ChronoUnit.DAYS)); // 20 < 28 days
        Episode homeOff = asCareManager(() -> episodes.enrol(Enrolment.of(register("F", "F", "MRN-F", "en").id(), EpisodeFocus.DEPRESSION)));
        asCareManager(() -> episodes.changeStatus(homeOff.id(), EpisodeStatus.ACTIVE, null, null, null, null));
        Episode enrolledOnly = asCareManager(() -> episodes.enrol(Enrolment.of(register("G", "G", "MRN-G", "en").id(), EpisodeFocus.DEPRESSION)));
        asCareManager(() -> episodes.updatePlan(enrolledOnly.id(), new EpisodePlan(List.of("phq-9"), 14, 28, true, "g@example.net", null,
                null, null, false)));
        Episode waiting = homeEpisode(register("H", "H", "MRN-H", "en"), List.of("phq-9"), "h@example.net", null);
        asCareManager(() -> homeLinks.issue(waiting.id()));
        smtp.purgeEmailFromAllMailboxes();

        assertThat(schedule.sendDueLinks(practice.id())).isEqualTo(3);

        assertThat(linkCount(neverMeasured)).isEqualTo(1);
        assertThat(linkCount(measuredLongAgo)).isEqualTo(1);
        assertThat(linkCount(otherInstrumentOnly)).isEqualTo(1);
        assertThat(linkCount(measuredRecently)).isZero();
        assertThat(linkCount(relapsePrevention)).isZero();
        assertThat(linkCount(homeOff)).isZero();
        assertThat(linkCount(enrolledOnly)).isZero();
        assertThat(linkCount(waiting)).isEqualTo(1);
        assertThat(smtp.waitForIncomingEmail(5000, 3)).isTrue();
        assertThat(smtp.getReceivedMessages()).extracting(m -> m.getAllRecipients()[0].toString())
                .containsExactlyInAnyOrder("a@example.net", "c@example.net", "d@example.net");
        assertThat(jdbc.queryForList("SELECT DISTINCT created_by FROM registry_home_link WHERE episode_id = ?", String.class,
                neverMeasured.id())).containsExactly("home-links");

        // a second run finds the links open and sends nothing; once a link expires unanswered, a new one goes out
        assertThat(schedule.sendDueLinks(practice.id())).isZero();
        jdbc.update("UPDATE registry_home_link SET expires_at = ? WHERE episode_id = ?",
                java.sql.Timestamp.from(now.minusSeconds(60)), waiting.id());
        assertThat(schedule.sendDueLinks(practice.id())).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT status FROM registry_home_link WHERE episode_id = ? ORDER BY created_at", String.class,
                waiting.id())).containsExactly("expired", "sent");
    }

    // ------------------------------------------------------------ the patient actor

    @Test
    void aPatientActorMayAnswerForThemselvesOnly() {
        PatientRecord other = register("Otra", "Persona", "MRN-9999", "en");
        Actor self = Actor.patient(patient.id().value(), practice.id(), "test-link");
        Map<String, org.tandem.screening.Answer> item9 = Instruments.find("phq-9").orElseThrow().answersScoring(0, 0, 0, 0, 0, 0, 0, 0, 1);

        ScreeningResult own = actors.runAs(self, () -> screenings.submit(new ScreeningSubmission(null, patient.id(), null, null, "phq-9",
                item9, ScreeningSubmission.Mode.HOME, "en", null)));
        assertThat(own.alert()).isPresent();
        assertThat(own.observationIds()).hasSize(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND actor_kind = 'PATIENT' "
                + "AND actor_id = ? AND resource_type = 'Flag' AND action = 'CREATE'", Integer.class, practice.id().value(),
                "patient:" + patient.id().value())).isEqualTo(1);

        assertThatThrownBy(() -> actors.runAs(self, () -> screenings.submit(new ScreeningSubmission(null, other.id(), null, null,
                "phq-9", item9, ScreeningSubmission.Mode.HOME, "en", null)))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(self, () -> patients.get(other.id()))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(self, () -> patients.search(PatientQuery.text("Quintero", 0, 10))))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(self, () -> screenings.of(patient.id()))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(self, () -> episodes.search(null, List.of()))).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> actors.runAs(self, () -> results.unreviewed(null))).isInstanceOf(AccessDeniedException.class);
        assertThat(actors.runAs(self, () -> patients.get(patient.id())).id()).isEqualTo(patient.id());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM screening_response WHERE patient_id = ?", Integer.class,
                other.id().value())).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE practice_id = ? AND actor_kind = 'PATIENT' "
                + "AND outcome = 'DENIED'", Integer.class, practice.id().value())).isEqualTo(6);
    }

    // ------------------------------------------------------------ the care team's section

    @Test
    void theEpisodeSectionListsLinksAndSendsOneNowWithHtmx() throws Exception {
        Episode episode = homeEpisode(patient, List.of("phq-9", "gad-7"), "eq@example.net", null);

        String fragment = mvc.perform(post("/registry/episodes/" + episode.id() + "/home-links").header("HX-Request", "true")
                .with(as(Role.CARE_MANAGER)).with(csrf())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        Document section = Jsoup.parseBodyFragment(fragment);
        assertThat(section.select("section#home-links")).hasSize(1);
        assertThat(section.select("nav, header, html > head title")).isEmpty();
        assertThat(section.select(".alert.success").text()).startsWith("A new link was sent. It works once, until ");
        assertThat(section.select("table.home-link-list tbody tr")).singleElement()
                .satisfies(row -> assertThat(row.text()).contains("E-mail", "PHQ-9", "GAD-7", "Sent, not answered yet",
                        "By " + practice.emails().get(Role.CARE_MANAGER)));
        assertThat(section.select("form[hx-post] button").text()).isEqualTo("Send link now");
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();

        // without htmx: back to the list, with the outcome
        String location = mvc.perform(post("/registry/episodes/" + episode.id() + "/home-links").with(as(Role.CARE_MANAGER)).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getRedirectedUrl();
        assertThat(location).isEqualTo("/registry/episodes/" + episode.id() + "/home-links");
        assertThat(asCareManager(() -> homeLinks.linksOf(episode.id()))).extracting(HomeLink::status)
                .containsExactly(HomeLink.Status.SENT, HomeLink.Status.REVOKED);

        mvc.perform(post("/registry/episodes/" + episode.id() + "/home-links").with(as(Role.FRONT_DESK)).with(csrf()))
                .andExpect(status().isForbidden());
        int withoutCsrf = mvc.perform(post("/registry/episodes/" + episode.id() + "/home-links").with(as(Role.CARE_MANAGER)))
                .andReturn().getResponse().getStatus();
        assertThat(withoutCsrf).isIn(302, 403);
        assertThat(linkCount(episode)).isEqualTo(2);
        mvc.perform(get("/registry/episodes/" + UUID.randomUUID() + "/home-links").with(as(Role.CARE_MANAGER)))
                .andExpect(status().isNotFound());
        PracticeFixture other = PracticeFixture.create(practices, "Other practice");
        mvc.perform(get("/registry/episodes/" + episode.id() + "/home-links").with(new PageFixtures(context)
                .as(other.emails().get(Role.CARE_MANAGER)))).andExpect(status().isNotFound());
    }

    @Test
    void theSectionShowsWhyNoLinkWasSent() throws Exception {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(patient.id(), EpisodeFocus.DEPRESSION)));

        String fragment = mvc.perform(post("/registry/episodes/" + episode.id() + "/home-links").header("HX-Request", "true")
                .with(as(Role.CARE_MANAGER)).with(csrf())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        Document section = Jsoup.parseBodyFragment(fragment);
        assertThat(section.select(".alert.error").text()).contains("No link was sent", "Home measurement is off");
        assertThat(section.select(".empty").text()).isEqualTo("No links sent yet.");
        assertThat(section.select("form[hx-post]")).isEmpty();
    }

    // ------------------------------------------------------------ helpers

    record PatientPage(Document document, Cookie csrfCookie) {
    }

    private PatientPage open(String tokenAndQuery) throws Exception {
        MvcResult result = mvc.perform(get("/m/" + tokenAndQuery)).andExpect(status().isOk()).andReturn();
        Document document = Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
        return new PatientPage(document, result.getResponse().getCookie("XSRF-TOKEN"));
    }

    /** The page's form as a browser sends it: the hidden fields and the CSRF cookie, without answers. */
    private MockHttpServletRequestBuilder form(String token, PatientPage page) {
        Element form = page.document().selectFirst("form.home-form");
        assertThat(form.attr("action")).isEqualTo("/m/" + token);
        MockHttpServletRequestBuilder request = post("/m/" + token);
        for (Element hidden : form.select("input[type=hidden]")) {
            request.param(hidden.attr("name"), hidden.val());
        }
        assertThat(form.select("input[name=_csrf]")).hasSize(1);
        assertThat(page.csrfCookie()).isNotNull();
        request.cookie(page.csrfCookie());
        return request;
    }

    /** Sends the page with the answer at the given position (0: first) chosen for each question. */
    private MvcResult submit(String token, PatientPage page, ToIntFunction<Element> position) throws Exception {
        MockHttpServletRequestBuilder request = form(token, page);
        for (Element question : page.document().select("fieldset.home-question")) {
            choose(request, question, position.applyAsInt(question));
        }
        return mvc.perform(request).andReturn();
    }

    private static void choose(MockHttpServletRequestBuilder request, Element question, int position) {
        Element radio = question.select("input[type=radio]").get(position);
        request.param(radio.attr("name"), radio.val());
    }

    private MimeMessage onlyMail() {
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        return smtp.getReceivedMessages()[0];
    }

    private static String token(MimeMessage mail) {
        Matcher link = LINK.matcher(GreenMailUtil.getBody(mail).replace("=\r\n", "").replace("=\n", ""));
        assertThat(link.find()).as("the e-mail holds a link").isTrue();
        return link.group(1);
    }

    private PatientRecord register(String family, String given, String mrn, String language) {
        return actors.runAs(practice.actor(Role.PCP), () -> patients.register(new PatientDetails(null, mrn, family, given,
                LocalDate.of(1980, 4, 12), AdministrativeSex.FEMALE, language, null, null)));
    }

    /** An active episode with home measurement on. */
    private Episode homeEpisode(PatientRecord who, List<String> instruments, String email, String phone) {
        Episode episode = asCareManager(() -> episodes.enrol(Enrolment.of(who.id(), EpisodeFocus.DEPRESSION)));
        asCareManager(() -> episodes.changeStatus(episode.id(), EpisodeStatus.ACTIVE, null, null, null, null));
        return asCareManager(() -> episodes.updatePlan(episode.id(), new EpisodePlan(instruments, 14, 28, true, email, phone, null,
                null, false)));
    }

    private void measure(Episode episode, String instrument, Instant at) {
        int items = instrument.equals("phq-9") ? 9 : 7;
        Map<String, org.tandem.screening.Answer> answers = Instruments.find(instrument).orElseThrow().answersScoring(new int[items]);
        actors.runAs(practice.actor(Role.MEDICAL_ASSISTANT), () -> screenings.submit(new ScreeningSubmission(null, episode.patient(),
                null, null, instrument, answers, ScreeningSubmission.Mode.STAFF, "en", at)));
    }

    private int linkCount(Episode episode) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM registry_home_link WHERE episode_id = ?", Integer.class, episode.id());
    }

    private org.springframework.test.web.servlet.request.RequestPostProcessor as(Role role) {
        return new PageFixtures(context).as(practice.emails().get(role));
    }

    private <T> T asCareManager(java.util.function.Supplier<T> work) {
        return actors.runAs(practice.user(Role.CARE_MANAGER), work);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
